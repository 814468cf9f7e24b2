/**
 * The pages' dictionary speaks the glossary (/work/shared/reference/glossary-zh.md) as the
 * server, the terminal and the slips do: a job the API calls 打印中 is not 发送中 on the
 * receipt page, and a void is 消费撤销 whichever language the page is in.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JOB_STATE_WORDS, KIND_WORDS } from '../i18n/index.js';
import { JobStates } from '../journal/index.js';

type Dictionary = { t: (key: string) => string; tOr: (key: string, fallback: string) => string; isKey: (key: string) => boolean };

/** The dictionary as a page in this language loads it (browser code: it reads the browser's language when loaded). */
async function pageIn(language: 'en' | 'zh'): Promise<Dictionary> {
  vi.resetModules();
  vi.stubGlobal('navigator', { language: language === 'zh' ? 'zh-CN' : 'en-US' });
  return (await import('./i18n.js')) as Dictionary;
}
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the pages name what the glossary names, in its words', () => {
  for (const language of ['zh', 'en'] as const) {
    it(`${language}: every print job state as the API's stateText says it (a job being sent is 打印中 / printing, a failed one 打印失败)`, async () => {
      const { isKey, t } = await pageIn(language);
      for (const state of JobStates) {
        expect(isKey(`state.${state}`), state).toBe(true);
        expect(t(`state.${state}`), state).toBe(JOB_STATE_WORDS[state]?.[language]);
      }
      expect(t('state.sending')).toBe(language === 'zh' ? '打印中' : 'printing');
      if (language === 'zh') expect(t('state.failed')).toBe('打印失败');
    });

    it(`${language}: every sale type carries its Chinese name from the slip (a void is 消费撤销, not 撤销)`, async () => {
      const { isKey, t } = await pageIn(language);
      for (const kind of ['sale', 'void', 'refund', 'auth', 'auth-complete']) {
        expect(isKey(`kind.${kind}`), kind).toBe(true);
        expect(t(`kind.${kind}`), kind).toContain(KIND_WORDS[kind]?.zh);
      }
      if (language === 'en') expect(t('kind.void')).toBe('Void 消费撤销');
    });
  }
});
