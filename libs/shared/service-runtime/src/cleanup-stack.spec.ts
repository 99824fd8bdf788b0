import { cleanupStack } from './cleanup-stack';

describe('cleanupStack', () => {
  it('undoes what was opened in reverse order, once', async () => {
    const undone: string[] = [];
    const cleanups = cleanupStack();
    cleanups.push(async () => void undone.push('database'));
    cleanups.push(async () => void undone.push('relay'));
    cleanups.push(async () => void undone.push('app'));

    await cleanups.stop();
    await cleanups.stop();

    expect(undone).toEqual(['app', 'relay', 'database']);
  });
});
