import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { formatParse, register } from '../../../app/commands/parse.js';
import { loadConfig } from '../../../src/config/env.js';
import { BOT_DIR, NOW, trainedUnderstander } from './fixture.js';

describe('refund-desk parse', () => {
  it('prints scenario, language, ranking and entities', () => {
    const text = formatParse(trainedUnderstander().parseLocal('单号KM20261118004217 微信付的 码用不了', { now: NOW }));
    expect(text).toMatch(/^scenario {2}defective \(0\.\d\d\)\n/);
    expect(text).toContain('lang      zh');
    expect(text).toContain('order_no=KM20261118004217 [2,18)');
    expect(text).toContain('payment_channel=wechat');
  });

  it('prints JSON with --json', async () => {
    const result = loadConfig({ BOTS_DIR: BOT_DIR.replace(/\/refund$/, '') });
    if (!result.ok) throw new Error(result.errors.join());
    const program = new Command().exitOverride();
    register(program, { config: () => result.config });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'refund-desk', 'parse', '转人工吧', '--json']);
      const printed = JSON.parse(String(write.mock.calls[0]?.[0])) as { scenario: { name: string } };
      expect(printed.scenario.name).toBe('human_handoff');
    } finally {
      write.mockRestore();
    }
  });
});
