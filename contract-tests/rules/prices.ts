/**
 * Rule prices: what a call costs, stated on two pages of one endpoint (or twice on one page),
 * must agree — in dollars ("Each API call costs $0.2") and in a plan's credits ("31 credits from
 * the Basic Plan"), where credits for one plan must be the same number of credits per dollar
 * wherever a price is stated with them (rounded to a credit). Today only the legacy
 * img2video_ultra page states a price: no finding; the tests introduce one.
 *
 * Nothing in the docs says which page is right, so the finding offers both options: each page's
 * figure written on the other.
 */
import type { CheckContext } from "./check-context.js";
import type { FindingDraft, PageEdit } from "./finding.js";
import { defined, lineEdit } from "./page-edits.js";

interface PriceStatement {
  page: string;
  line: number;
  endpoint: string;
  /** "$0.2" as written, and its value. */
  quote: string;
  dollars: number;
  /** Credits per plan stated with it: plan name (lower case) → credits, with the words. */
  credits: { plan: string; credits: number; quote: string }[];
}

const PRICE = /\bcosts?\s+(\$(\d+(?:\.\d+)?))/i;
const CREDITS = /(\d+)\s+credits\s+(?:from|on|in)\s+the\s+([A-Z][\w-]*)\s+Plan\b/gi;

function statements(context: CheckContext): PriceStatement[] {
  const found: PriceStatement[] = [];
  const seen = new Set<string>();
  for (const unit of context.pages) {
    if (seen.has(unit.page.file)) continue;
    seen.add(unit.page.file);
    (context.lines.get(unit.page.file) ?? []).forEach((text, index) => {
      const price = text.match(PRICE);
      if (!price) return;
      found.push({
        page: unit.page.file,
        line: index + 1,
        endpoint: unit.spec.endpoint,
        quote: price[1]!,
        dollars: Number(price[2]),
        credits: [...text.matchAll(CREDITS)].map((m) => ({ plan: m[2]!.toLowerCase(), credits: Number(m[1]), quote: m[0] })),
      });
    });
  }
  return found;
}

const shownDollars = (value: number) => `$${value}`;

export function checkPrices(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const all = statements(context);
  // Dollars: one endpoint, two prices.
  const byEndpoint = new Map<string, PriceStatement[]>();
  for (const statement of all) byEndpoint.set(statement.endpoint, [...(byEndpoint.get(statement.endpoint) ?? []), statement]);
  for (const [endpoint, list] of byEndpoint) {
    const prices = [...new Set(list.map((s) => s.dollars))];
    if (prices.length < 2) continue;
    const take = (value: number): PageEdit[] => defined(list.filter((s) => s.dollars !== value).map((s) => lineEdit(context, s.page, s.line, s.quote, shownDollars(value))));
    drafts.push({
      rule: "prices",
      severity: "warning",
      endpoints: [endpoint],
      field: "(price)",
      aspect: "price",
      cause: JSON.stringify(["prices", endpoint, "dollars"]),
      message: `A call of ${endpoint} costs ${list.map((s) => `${shownDollars(s.dollars)} (${s.page} line ${s.line})`).join(" and ")}.`,
      statements: list.map((s) => ({ role: "prose" as const, location: { page: s.page, line: s.line }, says: `says a call costs ${shownDollars(s.dollars)}` })),
      options: prices.map((value) => ({
        follows: `${shownDollars(value)} (${list.filter((s) => s.dollars === value).map((s) => s.page).join(", ")})`,
        why: `The pages state one price each; nothing else in the docs says which is current.`,
        edits: take(value),
        changes: `the other pages say a call costs ${shownDollars(value)}`,
      })),
    });
  }
  // Credits: one plan, another number of credits per dollar.
  const byPlan = new Map<string, { statement: PriceStatement; credits: number; quote: string }[]>();
  for (const statement of all) for (const c of statement.credits) byPlan.set(c.plan, [...(byPlan.get(c.plan) ?? []), { statement, credits: c.credits, quote: c.quote }]);
  for (const [plan, list] of byPlan) {
    const [first, ...rest] = list;
    if (!first) continue;
    const rate = first.credits / first.statement.dollars;
    const off = rest.filter((entry) => Math.abs(entry.credits - entry.statement.dollars * rate) > 1);
    if (off.length === 0) continue;
    const atRate = (entry: (typeof list)[number], perDollar: number) => Math.round(entry.statement.dollars * perDollar);
    const theirRate = off[0]!.credits / off[0]!.statement.dollars;
    const rewrite = (perDollar: number, entries: typeof list): PageEdit[] =>
      defined(entries.map((entry) => lineEdit(context, entry.statement.page, entry.statement.line, entry.quote, entry.quote.replace(String(entry.credits), String(atRate(entry, perDollar))))));
    drafts.push({
      rule: "prices",
      severity: "warning",
      endpoints: [...new Set(list.map((e) => e.statement.endpoint))],
      field: "(credits)",
      aspect: "credits",
      cause: JSON.stringify(["prices", plan, "credits"]),
      message: `The ${first.quote.match(/the\s+(\S+)\s+Plan/i)?.[1] ?? plan} Plan's credits disagree: ${list.map((e) => `${e.credits} credits for ${shownDollars(e.statement.dollars)} (${e.statement.page} line ${e.statement.line})`).join(" vs ")}.`,
      statements: list.map((e) => ({ role: "prose" as const, location: { page: e.statement.page, line: e.statement.line }, says: `says ${shownDollars(e.statement.dollars)} is ${e.credits} credits of the plan` })),
      options: [
        { follows: `${first.statement.page} (${first.credits} credits for ${shownDollars(first.statement.dollars)})`, why: "Each page states the plan's credits; nothing else in the docs says which rate is current.", edits: rewrite(rate, off), changes: `${off.map((e) => e.statement.page).join(", ")} state the plan's credits at ${first.statement.page}'s rate` },
        { follows: `${off[0]!.statement.page} (${off[0]!.credits} credits for ${shownDollars(off[0]!.statement.dollars)})`, why: "Each page states the plan's credits; nothing else in the docs says which rate is current.", edits: rewrite(theirRate, [first, ...rest.filter((e) => !off.includes(e))]), changes: `${first.statement.page} states the plan's credits at ${off[0]!.statement.page}'s rate` },
      ],
    });
  }
  return drafts;
}
