import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { LlmScenarioJudge } from '../../../adapters/llm/scenario-judge.js';
import type { ScenarioCandidate } from '../../../src/ports/scenario-judge.js';

const candidates: ScenarioCandidate[] = [
  { id: 'defective', description: 'code does not work' },
  { id: 'not_delivered', description: 'nothing arrived' },
];
const judge = (response: string) => new LlmScenarioJudge(new FakeListChatModel({ responses: [response] }));
const ask = (response: string) => judge(response).choose({ text: '码用不了', lang: 'zh', candidates });

describe('LlmScenarioJudge (langchain, fake chat model)', () => {
  it('returns the candidate the model chose', async () => {
    expect(await ask('{"scenario": "defective"}')).toBe('defective');
  });

  it('ignores "none", ids outside the candidates and malformed answers', async () => {
    expect(await ask('{"scenario": "none"}')).toBeUndefined();
    expect(await ask('{"scenario": "appeal"}')).toBeUndefined();
    expect(await ask('{"scenario": "refund_granted"}')).toBeUndefined();
    await expect(ask('I think it is defective')).rejects.toThrow();
  });
});
