import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../main/core/keyed-lock.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedLock', () => {
  it('runs operations on one key one after another, in call order, each with its own result', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const op = (name: string, delay: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      lock.run('acc-1', op('refresh', 20)),
      lock.run('acc-1', op('revoke', 1)),
      lock.run('acc-1', op('copy', 1)),
    ]);
    expect(results).toEqual(['refresh', 'revoke', 'copy']);
    expect(log).toEqual([
      'start refresh',
      'end refresh',
      'start revoke',
      'end revoke',
      'start copy',
      'end copy',
    ]);
  });

  it('starts the next operation after the previous one failed, and keeps the failure its own', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const failing = lock.run('acc-1', async () => {
      await tick();
      log.push('failing done');
      throw new Error('network down');
    });
    const next = lock.run('acc-1', async () => {
      log.push('next started');
      return 'ok';
    });
    await expect(failing).rejects.toThrow('network down');
    expect(await next).toBe('ok');
    expect(log).toEqual(['failing done', 'next started']);
  });

  it('lets different keys run at the same time', async () => {
    const lock = new KeyedLock();
    let running = 0;
    let most = 0;
    const op = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    await Promise.all([lock.run('a', op), lock.run('b', op), lock.run('c', op)]);
    expect(most).toBe(3);
  });

  it('is usable again for a key after its queue drained', async () => {
    const lock = new KeyedLock();
    expect(await lock.run('k', async () => 1)).toBe(1);
    await tick();
    let ran = false;
    await lock.run('k', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
