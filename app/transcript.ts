/** Wires the transcript feature: recorder, evidence store on disk, verify/export service, agent routes, retention. */
import { resolve } from 'node:path';
import { FsEvidenceStore } from '../adapters/evidence-fs/index.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import type { EvidenceIntake } from '../src/ports/evidence.js';
import type { Recorder } from '../src/ports/recorder.js';
import type { Storage } from '../src/ports/storage.js';
import type { HttpModule } from '../src/server/app.js';
import { type AuthorizeTranscripts, transcriptRoutes } from '../src/server/routes/transcripts.js';
import { ChainRecorder } from '../src/transcript/recorder.js';
import { type PurgeReport, purgeExpired } from '../src/transcript/retention.js';
import { TranscriptService } from '../src/transcript/service.js';

export interface TranscriptWiring {
  /** The one place entries are made; the dialog records through it. */
  recorder: Recorder;
  /** Buyer uploads into DATA_DIR/attachments (use `takeUpload` from src/transcript/uploads.ts). */
  evidence: EvidenceIntake;
  service: TranscriptService;
  httpModule: HttpModule;
  purge(options?: { now?: Date; dryRun?: boolean }): Promise<PurgeReport>;
}

export function createTranscript(options: {
  config: Config;
  dataDir: string;
  storage: Storage;
  log?: Logger;
  /** Who may read (and reveal) transcripts over HTTP; the agent console supplies it. Default: nobody. */
  authorize?: AuthorizeTranscripts;
}): TranscriptWiring {
  const { config, storage } = options;
  const evidence = new FsEvidenceStore({
    root: resolve(options.dataDir, 'attachments'),
    maxBytes: config.ATTACHMENT_MAX_BYTES,
    attachments: storage.attachments,
  });
  const readAttachment = (sha256: string) => evidence.read(sha256);
  const service = new TranscriptService({ store: storage.transcripts, readAttachment, tickets: storage.tickets });
  return {
    recorder: new ChainRecorder({ store: storage.transcripts }),
    evidence,
    service,
    httpModule: transcriptRoutes({
      service,
      readAttachment,
      attachments: storage.attachments,
      ...(options.authorize ? { authorize: options.authorize } : {}),
      ...(options.log ? { log: options.log } : {}),
    }),
    purge: (o = {}) =>
      purgeExpired({
        store: storage.transcripts,
        blobs: evidence,
        retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
        ...(o.now ? { now: o.now } : {}),
        ...(o.dryRun ? { dryRun: true } : {}),
      }),
  };
}
