import type { Context } from 'hono';
import { readLimited } from '../../src/server/body.js';
import { ApiError } from '../../src/server/errors.js';
import { PostedActivity } from './activity.js';
import type { UploadedFile } from './service.js';

const ACTIVITY_PART_LIMIT = 256 * 1024;

/** Parses Direct Line's multipart upload: an `activity` part, then one `file` part per attachment. */
export async function readUpload(
  c: Context,
  maxFileBytes: number,
): Promise<{ posted: PostedActivity; files: UploadedFile[] }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new ApiError(415, 'BadArgument', 'expected multipart/form-data');
  const maxTotal = maxFileBytes * 4 + ACTIVITY_PART_LIMIT;
  const body = await readLimited(c.req.raw, maxTotal).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 413) {
      throw new ApiError(413, 'BadArgument', `uploads are limited to ${maxFileBytes} bytes per file`);
    }
    throw err;
  });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new ApiError(400, 'BadSyntax', 'the multipart body could not be parsed');
  }
  const activityPart = form.get('activity');
  let posted: PostedActivity = { type: 'message' };
  if (activityPart !== null) {
    const text = typeof activityPart === 'string' ? activityPart : await activityPart.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'BadSyntax', 'the activity part is not valid JSON');
    }
    const parsed = PostedActivity.safeParse(value);
    if (!parsed.success) throw new ApiError(400, 'BadArgument', 'the activity part is not a valid activity');
    posted = { ...parsed.data, type: 'message' };
  }
  const files: UploadedFile[] = [];
  for (const part of form.getAll('file')) {
    if (typeof part === 'string') continue;
    if (part.size > maxFileBytes) {
      throw new ApiError(413, 'BadArgument', `uploads are limited to ${maxFileBytes} bytes per file`);
    }
    if (part.size === 0) throw new ApiError(400, 'BadArgument', 'an uploaded file is empty');
    files.push({
      name: part.name || 'upload',
      bytes: new Uint8Array(await part.arrayBuffer()),
      ...(part.type ? { contentType: part.type } : {}),
    });
  }
  if (files.length === 0) throw new ApiError(400, 'BadArgument', 'no file part in the upload');
  if (files.length > 10) throw new ApiError(400, 'BadArgument', 'at most 10 files per upload');
  // The client lists the files in the activity too; what counts is what arrived.
  const { attachments: _listed, ...rest } = posted;
  return { posted: rest, files };
}
