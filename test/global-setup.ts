/** Probes once per run what the machine offers beyond Node.js (see `requirements.ts`). */
import type { TestProject } from 'vitest/node';
import { probeRequirements } from './requirements.js';

export default async function setup(project: TestProject): Promise<void> {
  const requirements = await probeRequirements();
  const absent = Object.entries(requirements).filter(([, why]) => why !== null);
  if (process.env.TEST_REQUIRE_ALL === '1' && absent.length > 0)
    throw new Error(
      `TEST_REQUIRE_ALL=1 but the complete run lacks: ${absent.map(([name, why]) => `${name} (${why})`).join('; ')}`,
    );
  project.provide('requirements', requirements);
}
