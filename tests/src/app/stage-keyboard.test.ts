// The stage for keyboard and screen-reader users: F6 visits its regions in the journeys' order, the skip links lead to
// the browser first, and a new page is announced by its site and title.
import { describe, expect, it } from 'vitest';
import { pageAnnouncement, siteName } from '../../../src/app/stage/page-announcement';
import { SKIP_LINKS, STAGE_REGIONS } from '../../../src/app/stage/regions';

describe('the stage’s regions', () => {
  it('are visited by F6 from the personas to the browser, the inbox, the phone and the clock bar', () => {
    expect(STAGE_REGIONS.map((r) => r.name)).toEqual(['personas', 'browser', 'inbox', 'phone', 'clock bar']);
  });

  it('offer skip links to the browser, the inbox and the personas, in that order', () => {
    expect(SKIP_LINKS.map((r) => r.name)).toEqual(['browser', 'inbox', 'personas']);
  });

  it('start the browser at its page’s heading, so the first field is one Tab away', () => {
    expect(STAGE_REGIONS.find((r) => r.name === 'browser')?.start).toMatch(/\bh1$/);
  });
});

describe('a page’s announcement', () => {
  it('names the site and the page', () => {
    expect(pageAnnouncement('https://connect.test/login?return_to=%2F', 'Log in to Connect')).toBe('Connect — Log in to Connect');
    expect(pageAnnouncement('https://hrm.test/my-profile/account-settings', 'Account Settings')).toBe('HRM — Account Settings');
  });

  it('names the HRM at its new addresses after the move as before it', () => {
    expect(siteName('https://web.hrm.test/')).toBe('HRM');
  });

  it('names a host no server answers by the host, and a page without a title by its site', () => {
    expect(siteName('https://nowhere.test/')).toBe('nowhere.test');
    expect(pageAnnouncement('https://dns.test/', '')).toBe('DNS provider');
  });
});
