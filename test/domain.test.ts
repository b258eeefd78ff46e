// Pure rules of the notice, without servers.
import { validateAnnex } from '../domain/annex';
import { goesThroughProvincialReview, annexFor } from '../domain/applicants';
import { PARTY_CODES } from '../domain/parties';
import { reviewOutcome, type PartyDecision } from '../domain/provincialReview';
import { isDeclarationOpen } from '../domain/round';
import { ROUND_2018 } from '../platform/seed';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';

const approve = (party: (typeof PARTY_CODES)[number]): PartyDecision => ({ party, decision: 'approve' });

describe('provincial joint review (countersign)', () => {
  test('when some parties have not decided, then the round is pending', () => {
    expect(reviewOutcome(PARTY_CODES, PARTY_CODES.slice(0, 6).map(approve))).toEqual({ kind: 'pending' });
  });
  test('when all seven approve, then it is approved', () => {
    expect(reviewOutcome(PARTY_CODES, PARTY_CODES.map(approve))).toEqual({ kind: 'approved' });
  });
  test('when one party rejects, then the round is rejected at once, even with others undecided', () => {
    expect(
      reviewOutcome(PARTY_CODES, [{ party: 'MARKET_REGULATION', decision: 'reject', reason: 'quality record' }]),
    ).toEqual({
      kind: 'rejected',
      party: 'MARKET_REGULATION',
      reason: 'quality record',
    });
  });
  test('when parties return, then the outcome waits for every party and collects all fixes', () => {
    const decisions: PartyDecision[] = [
      { party: 'COMMERCE', decision: 'return', reason: 'targets unclear' },
      { party: 'PBOC_BRANCH', decision: 'return', reason: 'finance plan missing' },
    ];
    expect(reviewOutcome(PARTY_CODES, decisions).kind).toBe('pending');
    const all = [...decisions, ...PARTY_CODES.filter((p) => p !== 'COMMERCE' && p !== 'PBOC_BRANCH').map(approve)];
    expect(reviewOutcome(PARTY_CODES, all)).toEqual({
      kind: 'returned',
      fixes: [
        { party: 'COMMERCE', reason: 'targets unclear' },
        { party: 'PBOC_BRANCH', reason: 'finance plan missing' },
      ],
    });
  });
});

describe('applicant routes and forms', () => {
  test('cities and FTZs fill Annex 1, enterprises Annex 2; central enterprises skip the province', () => {
    expect([annexFor('city'), annexFor('ftz'), annexFor('enterprise'), annexFor('central_enterprise')]).toEqual([
      1, 1, 2, 2,
    ]);
    expect(goesThroughProvincialReview('central_enterprise')).toBe(false);
    expect(goesThroughProvincialReview('ftz')).toBe(true);
  });
  test('when a phone, an e-mail or a credit code is malformed, then the message says what a good one looks like', () => {
    const city = validateAnnex('city', { contactPhone: '020-1', contactEmail: 'nobody' }, 'draft');
    const firm = validateAnnex('enterprise', { creditCode: '91440101MA5XXXXXXO' }, 'draft');
    const messages = [...(city.ok ? [] : city.fields), ...(firm.ok ? [] : firm.fields)].map((f) => [
      f.field,
      f.message,
    ]);
    expect(messages).toEqual([
      [
        'annex.contactPhone',
        expect.objectContaining({
          zh: expect.stringContaining('020-83123456'),
          en: expect.stringContaining('7 to 20'),
        }),
      ],
      [
        'annex.contactEmail',
        { zh: '应为电子邮箱地址，如 name@example.org', en: 'An e-mail address, e.g. name@example.org' },
      ],
      ['annex.creditCode', expect.objectContaining({ zh: expect.stringContaining('18 位统一社会信用代码') })],
    ]);
  });
  test('when a submitted Annex 1 misses fields and names an unknown task, then each field is named', () => {
    const { safeguards, ...rest } = cityAnnex();
    const result = validateAnnex('city', { ...rest, chosenTasks: ['NOT_A_TASK'] }, 'submit', 2);
    expect(result.ok).toBe(false);
    const fields = !result.ok ? result.fields.map((f) => f.field).sort() : [];
    expect(fields).toEqual(['annex.chosenTasks.0', 'annex.safeguards']);
  });
  test('when a draft is incomplete but well-formed, then it is accepted; a malformed field is not', () => {
    expect(validateAnnex('city', { cityName: '广州市' }, 'draft').ok).toBe(true);
    const bad = validateAnnex('city', { cityName: 42 }, 'draft');
    expect(!bad.ok && bad.fields.map((f) => f.field)).toEqual(['annex.cityName']);
  });
  test('when an enterprise is not an independent legal person, then Annex 2 is refused', () => {
    const result = validateAnnex('enterprise', enterpriseAnnex({ independentLegalPerson: false }), 'submit', 2);
    expect(!result.ok && result.fields.map((f) => f.field)).toEqual(['annex.independentLegalPerson']);
  });
  test('when a task is listed twice or the credit code is malformed, then both are named', () => {
    const result = validateAnnex(
      'enterprise',
      enterpriseAnnex({ chosenTasks: ['PLATFORMS', 'PLATFORMS'], creditCode: 'ABC' }),
      'submit',
      2,
    );
    expect(!result.ok && result.fields.map((f) => f.field).sort()).toEqual(['annex.chosenTasks', 'annex.creditCode']);
  });
  test("when a city names an enterprise task, then it is refused: the task lists are the notice's", () => {
    expect(validateAnnex('city', cityAnnex({ chosenTasks: ['PLATFORMS'] }), 'submit', 2).ok).toBe(false);
  });
});

describe('declaration deadline', () => {
  test('the 2018 round closes at the end of 31 May 2018, Beijing time', () => {
    expect(isDeclarationOpen(ROUND_2018, new Date('2018-05-31T15:59:59Z'))).toBe(true);
    expect(isDeclarationOpen(ROUND_2018, new Date('2018-05-31T16:00:00Z'))).toBe(false);
  });
});
