// Owns how the admin pages write shares and amounts: percents that never round a rollout to done (or to nothing)
// before it is, and Swedish kronor. Counts are written with the Users view's formatCount (users-query.ts).

const percents = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 });
const kronor = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 });

/** part / whole, 0 when the whole is 0. */
export function shareOf(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/**
 * "45.7%". Truncated to a tenth of a percent, so 99,999 linked of 100,000 reads 99.9%, not 100%; a share above 0 but
 * below a tenth of a percent reads "<0.1%".
 */
export function formatPercent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return percents.format(Math.floor(share * 1000) / 1000);
}

/** "SEK 1,234,567" (a no-break space after SEK): whole kronor, as payslips are. */
export function formatMoney(amount: number): string {
  return kronor.format(amount);
}
