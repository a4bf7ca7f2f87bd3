/** The fake's media rules (test/fake-telegram/media.ts) against a real grammY Api: what Telegram takes as a file and what it refuses. */
import { Api, GrammyError, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, fileIdIn, WRONG_FILE, type TgMessage } from './index.ts';

const TOKEN = '123:fakemediafakemediafakemedia';

describe('fake Telegram: files and albums', () => {
  let fake: FakeTelegram;
  let api: Api;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    api = new Api(TOKEN, { apiRoot: fake.apiRoot });
  });
  afterAll(() => fake.stop());

  it('a multipart upload gets a new file_id and is recorded; that file_id is then accepted as a string', async () => {
    const u = fake.user({ first_name: 'Sara' });
    const sent = await api.sendDocument(u.id, new InputFile(Buffer.from('%PDF-1.4 hello'), 'hello.pdf'), { caption: 'سلام' });
    const id = sent.document!.file_id;
    expect(fake.uploads.at(-1)).toMatchObject({ fileId: id, fileName: 'hello.pdf', size: 14 });
    expect(u.inbox.at(-1)).toMatchObject({ caption: 'سلام', document: { file_id: id, file_name: 'hello.pdf' } });
    const again = await api.sendDocument(u.id, id);
    expect(again.document!.file_id).toBe(id);
    expect(fake.uploads.filter((x) => x.fileId === id)).toHaveLength(1);
  });

  it('a JSON object where a file is expected is refused with 400 "wrong file identifier/HTTP URL specified"', async () => {
    const u = fake.user({ first_name: 'Reza' });
    const err = await api.sendPhoto(u.id, { localPath: '/tmp/x.png', fileName: 'x.png' } as never, { caption: 'text' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(400);
    expect((err as GrammyError).description).toBe(WRONG_FILE);
    expect(u.inbox).toHaveLength(0);
    const inAlbum = await api
      .sendMediaGroup(u.id, [
        { type: 'photo', media: 'PHOTO-ID-1' },
        { type: 'photo', media: { localPath: '/tmp/y.png' } as never },
      ])
      .catch((e: unknown) => e);
    expect((inAlbum as GrammyError).description).toBe(WRONG_FILE);
  });

  it('an album keeps its grouping and caption; documents are not mixed with photos; uploads inside an album are multipart too', async () => {
    const u = fake.user({ first_name: 'Nima' });
    const album = (await api.sendMediaGroup(u.id, [
      { type: 'photo', media: new InputFile(Buffer.from('P1'), 'a.jpg'), caption: 'دو عکس' },
      { type: 'video', media: new InputFile(Buffer.from('V1'), 'b.mp4') },
    ])) as unknown as TgMessage[];
    expect(album).toHaveLength(2);
    expect(album[0]!.media_group_id).toBeTruthy();
    expect(album[1]!.media_group_id).toBe(album[0]!.media_group_id);
    expect(u.inbox.at(-2)!.caption).toBe('دو عکس');
    expect(fake.uploads.slice(-2).map((x) => x.fileName)).toEqual(['a.jpg', 'b.mp4']);
    expect(fileIdIn(u.inbox.at(-1)!)).toBe(album[1]!.video!.file_id);
    const mixed = await api
      .sendMediaGroup(u.id, [
        { type: 'photo', media: 'X1' },
        { type: 'document', media: 'X2' },
      ] as never)
      .catch((e: unknown) => e);
    expect((mixed as GrammyError).error_code).toBe(400);
  });

  it('people send every kind and albums (several updates with one media_group_id)', () => {
    const u = fake.user({ first_name: 'Ali' });
    const items = u.album(['photo', 'photo', 'video'], { caption: 'c' });
    expect(new Set(items.map((m) => m.media_group_id)).size).toBe(1);
    expect(items[0]!.caption).toBe('c');
    expect(items[1]!.caption).toBeUndefined();
    expect(u.media('video_note').video_note?.file_id).toBeTruthy();
    expect(u.media('contact').contact?.phone_number).toBeTruthy();
  });
});
