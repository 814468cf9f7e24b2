import { describe, expect, it } from 'vitest';
import { jobDetailText } from '../i18n/index.js';
import { jobDetail, readJobDetail } from './job-detail.js';

describe('a job detail line reads back as its code', () => {
  it('an unclear outcome (waiting for the printed answer failed otherwise) is its own code, said in Chinese', () => {
    // What completion.ts writes when, e.g., the device reports an error after the data went out.
    const detail = readJobDetail(jobDetail.unclear('the printer at /dev/usb/lp0 reported an error'));
    expect(detail).toEqual({ code: 'unclear', params: { error: 'the printer at /dev/usb/lp0 reported an error' } });
    expect(jobDetailText(detail, 'zh')).toBe('数据发出后等待打印结果时出错：可能已打印，也可能没有');
    expect(jobDetailText(detail, 'en')).toBe('the printer at /dev/usb/lp0 reported an error; the receipt may or may not have printed');
  });

  it('the lines that end the same way keep their own codes', () => {
    expect(readJobDetail(jobDetail.noAnswer('ETIMEDOUT')).code).toBe('no-answer');
    expect(readJobDetail(jobDetail.noStatus('ETIMEDOUT')).code).toBe('no-answer');
    expect(readJobDetail(jobDetail.noCompletion(5000)).code).toBe('no-completion');
    expect(readJobDetail(jobDetail.connectionLost('ECONNRESET')).code).toBe('connection-lost');
    expect(readJobDetail('something else').code).toBe('other');
  });
});
