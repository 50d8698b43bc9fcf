import { describe, expect, it } from 'vitest';
import { RedirectInbox } from '../../../main/core/flows/redirect-inbox.ts';

const url = (n: number) => `io.github.tokendesk:/oauth/callback?code=c${n}&state=s${n}`;

describe('RedirectInbox', () => {
  it('keeps URLs that arrive before the app is ready and hands them over in order', () => {
    const inbox = new RedirectInbox();
    inbox.receive(url(1));
    inbox.receive(url(2));
    inbox.receive(url(3));

    const handled: string[] = [];
    inbox.setHandler((u) => handled.push(u));
    expect(handled).toEqual([url(1), url(2), url(3)]);
  });

  it('delivers directly once a handler is set, after the buffered ones', () => {
    const inbox = new RedirectInbox();
    inbox.receive(url(1));
    const handled: string[] = [];
    inbox.setHandler((u) => handled.push(u));
    inbox.receive(url(2));
    expect(handled).toEqual([url(1), url(2)]);
  });

  it('hands each buffered URL over only once', () => {
    const inbox = new RedirectInbox();
    inbox.receive(url(1));
    const first: string[] = [];
    const second: string[] = [];
    inbox.setHandler((u) => first.push(u));
    inbox.setHandler((u) => second.push(u));
    inbox.receive(url(2));
    expect(first).toEqual([url(1)]);
    expect(second).toEqual([url(2)]);
  });

  it('buffers a bounded number of URLs (the first ones) so a flood cannot grow memory', () => {
    const inbox = new RedirectInbox();
    for (let n = 0; n < 100; n++) inbox.receive(url(n));
    const handled: string[] = [];
    inbox.setHandler((u) => handled.push(u));
    expect(handled).toEqual(Array.from({ length: 20 }, (_, n) => url(n)));
  });
});
