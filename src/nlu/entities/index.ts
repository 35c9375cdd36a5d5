/** All entities of one text, in the buyer's original offsets (SPEC §2 /api/parse). */
import type { NluFile } from '../../definition/nlu.js';
import type { PaymentChannel, ProductKind } from '../../ports/platform.js';
import type { Entity, EntityName } from '../../ports/understander.js';
import { fold, type NormalText, originalSpan } from '../text.js';
import { AmountFinder } from './amount.js';
import { LexiconFinder } from './lexicon.js';
import { OrderNumberFinder, type Span } from './order-number.js';
import { findTimes, type TimeOptions } from './time.js';
import { TxnIdFinder } from './txn-id.js';

export class EntityExtractor {
  readonly orderNumbers: OrderNumberFinder;
  private readonly txnIds: TxnIdFinder;
  private readonly channels: LexiconFinder<PaymentChannel>;
  private readonly kinds: LexiconFinder<ProductKind>;
  private readonly amounts: AmountFinder;

  constructor(config: NluFile) {
    this.orderNumbers = new OrderNumberFinder(config.entities.order_no);
    this.txnIds = new TxnIdFinder(config.entities.txn_id);
    this.channels = new LexiconFinder(config.entities.payment_channel.values, fold);
    this.kinds = new LexiconFinder(config.entities.product_kind.values, fold);
    this.amounts = new AmountFinder(config.entities.amount, fold);
  }

  extract(text: NormalText, time: TimeOptions): Entity[] {
    const { folded } = text;
    const orders = this.orderNumbers.find(folded);
    const taken = (s: Span) => orders.some((o) => o.start < s.end && s.start < o.end);
    const found: [EntityName, Span[]][] = [
      ['order_no', orders],
      ['txn_id', this.txnIds.find(folded).filter((s) => !taken(s))],
      ['payment_channel', this.channels.find(folded)],
      ['product_kind', this.kinds.find(folded)],
      ['amount', this.amounts.find(folded).filter((s) => !taken(s))],
      ['time', findTimes(folded, time).filter((s) => !taken(s))],
    ];
    return found
      .flatMap(([entity, spans]) =>
        spans.map((s): Entity => ({ entity, value: s.value, ...originalSpan(text, s.start, s.end) })),
      )
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }
}
