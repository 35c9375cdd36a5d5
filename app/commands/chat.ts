/**
 * `refund-desk chat`: talk to a running server through the REST channel in the terminal. Buttons are
 * shown as numbered choices (type the number); `/upload PATH` sends a file; `/quit` leaves.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { REST_WEBHOOK_PATH } from '../../adapters/rest/index.js';
import type { CliContext } from '../cli.js';

const Reply = z.array(
  z.object({
    text: z.string(),
    buttons: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
    custom: z
      .object({
        expecting: z.object({ slot: z.string(), evidenceKind: z.string().optional() }).passthrough().optional(),
        citations: z.array(z.string()).optional(),
      })
      .passthrough()
      .optional(),
  }),
);
type Reply = z.infer<typeof Reply>;

export function register(program: Command, _ctx: CliContext): void {
  program
    .command('chat')
    .description('chat with the bot in the terminal (through the REST channel of a running server)')
    .option(
      '--url <url>',
      'server base URL',
      process.env.REFUND_DESK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3978}`,
    )
    .option('--sender <id>', 'buyer id to chat as', 'demo-buyer')
    .option('--secret <secret>', 'REST_CHANNEL_SECRET of the server', process.env.REST_CHANNEL_SECRET)
    .action(async (opts: { url: string; sender: string; secret?: string }) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      let buttons: Reply[number]['buttons'] = [];
      const send = async (body: object) => {
        const res = await fetch(new URL(REST_WEBHOOK_PATH, opts.url), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(opts.secret ? { authorization: `Bearer ${opts.secret}` } : {}),
          },
          body: JSON.stringify({ sender: opts.sender, ...body }),
        });
        if (!res.ok) {
          process.stdout.write(`! server answered ${res.status}: ${(await res.text()).slice(0, 300)}\n`);
          return;
        }
        const replies = Reply.parse(await res.json());
        for (const r of replies) {
          process.stdout.write(`\nbot> ${r.text}\n`);
          if (r.custom?.citations?.length) process.stdout.write(`     [${r.custom.citations.join(', ')}]\n`);
          if (r.custom?.expecting?.evidenceKind)
            process.stdout.write(`     (upload: /upload PATH — ${r.custom.expecting.evidenceKind})\n`);
          buttons = r.buttons ?? [];
          for (const [i, b] of buttons.entries()) process.stdout.write(`     ${i + 1}. ${b.title}\n`);
        }
      };
      process.stdout.write(
        `Chatting as ${opts.sender} with ${opts.url}. Numbers pick a button, /upload PATH sends a file, /quit leaves.\n`,
      );
      // Iterating the interface buffers lines typed (or piped) while a reply is on its way.
      rl.setPrompt('\nyou> ');
      rl.prompt();
      for await (const raw of rl) {
        const line = raw.trim();
        if (line === '/quit' || line === '/exit') break;
        try {
          const upload = /^\/upload\s+(.+)$/.exec(line);
          if (upload?.[1]) {
            const path = upload[1].trim();
            const bytes = await readFile(path);
            await send({
              message: '',
              attachments: [{ name: basename(path), contentBase64: bytes.toString('base64') }],
            });
          } else {
            const choice = /^\d+$/.test(line) ? buttons?.[Number(line) - 1] : undefined;
            await send({ message: choice ? choice.payload : line });
          }
        } catch (err) {
          process.stdout.write(`! ${(err as Error).message}\n`);
        }
        rl.prompt();
      }
      rl.close();
    });
}
