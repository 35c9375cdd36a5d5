import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS, type ScenarioId } from '../../../src/core/domain.js';
import type { ScenarioJudge } from '../../../src/ports/scenario-judge.js';
import { NOW, trainedUnderstander } from './fixture.js';

const nlu = trainedUnderstander();

describe('scenario classification', () => {
  // Written for this test; neither in bots/ nor in the evaluation data.
  it.each<[string, ScenarioId]>([
    ['昨天半夜买的点券，钱扣了游戏里一直没有', 'not_delivered'],
    ['I paid 2 hours ago and the voucher never came', 'not_delivered'],
    ['同一笔订单支付宝扣了我两遍', 'duplicate_charge'],
    ['兑换的时候一直说这张卡无效', 'defective'],
    ['不是没发货，是发过来的码兑换失败', 'defective'],
    ['下单选的是港服，给我的是美服的卡', 'wrong_item'],
    ['页面写着永久，实际用了十天就过期了', 'not_as_described'],
    ['刚买的还没兑换，不想要了能退吗', 'no_reason'],
    ['会员已经开了也用过了，现在不想要了', 'used_goods'],
    ['卖家死活不给退，求平台出面', 'supplier_refused'],
    ['退款申请被驳回，我不服，有新截图', 'appeal'],
    ['退款批了好几天了还没到我支付宝', 'refund_status'],
    ['想先问问你们虚拟商品怎么退款', 'policy_question'],
    ['找个人工客服跟我说', 'human_handoff'],
    ['这个月卡多少钱一张', 'out_of_scope'],
  ])('%s → %s', (text, scenario) => {
    expect(nlu.parseLocal(text).scenario.name).toBe(scenario);
  });

  it('ranks every scenario once, confidences summing to 1', () => {
    const { ranking, scenario } = nlu.parseLocal('卡密没发');
    expect(ranking.map((s) => s.name).sort()).toEqual([...SCENARIO_IDS].sort());
    expect(ranking.reduce((sum, s) => sum + s.confidence, 0)).toBeCloseTo(1, 6);
    expect(ranking[0]).toEqual(scenario);
    for (let i = 1; i < ranking.length; i++)
      expect(ranking[i - 1]!.confidence).toBeGreaterThanOrEqual(ranking[i]!.confidence);
  });

  it('understands button payloads exactly', () => {
    expect(nlu.parseLocal('/scenario wrong_item').scenario).toEqual({ name: 'wrong_item', confidence: 1 });
    expect(nlu.parseLocal('/human').scenario.name).toBe('human_handoff');
  });

  it('is deterministic: the same definition trains the same model', () => {
    const again = trainedUnderstander();
    const text = '花呗付的，码一直显示已使用';
    expect(again.parseLocal(text, { now: NOW })).toEqual(nlu.parseLocal(text, { now: NOW }));
  });
});

describe('bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n\t '],
    ['emoji only', '😀😀🙏'],
    ['control characters', '\u0000\u0001\u0007\u001b[0m'],
    ['lone surrogates', '\ud800\udfff\udc00\ud83d'],
  ])('%s → out_of_scope with low confidence', (_, text) => {
    const parse = nlu.parseLocal(text);
    expect(parse.scenario.name).toBe('out_of_scope');
    expect(parse.scenario.confidence).toBeLessThan(0.5);
    expect(parse.entities).toEqual([]);
    expect(() => JSON.stringify(parse)).not.toThrow();
  });

  it('parses 20,000 characters', () => {
    const text = `订单KM20261118004217 ${'很长的故事'.repeat(4000)}`;
    const parse = nlu.parseLocal(text);
    expect(parse.entities[0]).toMatchObject({ entity: 'order_no', value: 'KM20261118004217' });
    expect(parse.ranking).toHaveLength(SCENARIO_IDS.length);
  });
});

describe('the judge (second opinion)', () => {
  const judge = (answer: ScenarioId | undefined | Error) => {
    const calls: string[][] = [];
    const port: ScenarioJudge = {
      async choose(request) {
        calls.push(request.candidates.map((c) => c.id));
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    return { port, calls };
  };

  it('is not consulted when the classifier is sure', async () => {
    const j = judge('appeal');
    const parse = await trainedUnderstander({ judge: j.port }).parse('转人工');
    expect(j.calls).toEqual([]);
    expect(parse.scenario.name).toBe('human_handoff');
  });

  it('decides between the top candidates when the classifier is unsure', async () => {
    const j = judge('policy_question');
    const understander = trainedUnderstander({ judge: j.port, consultBelow: 1.01 });
    const parse = await understander.parse('退款');
    expect(j.calls[0]).toHaveLength(5);
    expect(j.calls[0]).toContain('policy_question');
    expect(parse.scenario.name).toBe('policy_question');
    expect(parse.ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 6);
  });

  it('cannot choose outside the candidates, and a failing judge changes nothing', async () => {
    const local = nlu.parseLocal('转人工');
    for (const answer of ['not_a_scenario' as ScenarioId, new Error('down')]) {
      const j = judge(answer);
      const parse = await trainedUnderstander({ judge: j.port, consultBelow: 1.01, candidates: 2 }).parse('转人工');
      expect(j.calls).toHaveLength(1);
      expect(parse.scenario).toEqual(local.scenario);
    }
  });

  it('is never asked about input without signal', async () => {
    const j = judge('appeal');
    await trainedUnderstander({ judge: j.port, consultBelow: 1.01 }).parse('😀');
    expect(j.calls).toEqual([]);
  });
});

describe('fuzz', () => {
  const pool = [
    ...'0123456789kmKM-_ 　元块天前了小时分钟两半十百万个号单订￥$¥.,，。😀\u0000\u200b\ud800\udc00abc昨晚前天ago days',
  ];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  it('never throws and always returns a well-formed parse', () => {
    for (let i = 0; i < 1500; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => pool[Math.floor(random() * pool.length)],
      ).join('');
      const parse = nlu.parseLocal(text, { now: NOW });
      expect(parse.ranking).toHaveLength(SCENARIO_IDS.length);
      for (const e of parse.entities) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(parse.text.length);
        expect(e.value).not.toBe('');
      }
    }
  });
});
