import { describe, expect, it } from 'vitest';
import { ERASED_NAME, nameMatcher, personNames, replaceInJson, replaceInList, replaceInText } from './person-names';

const isName = nameMatcher(['Anna Berg', 'usr_1']);

describe('person names', () => {
  it('stand for a person by id, e-mail and display name until erased, then by id only', () => {
    const user = { id: 'usr_1', email: 'anna@example.com', display_name: ' Anna Berg ', erased_at: null };
    expect(personNames(user)).toEqual(['usr_1', 'anna@example.com', 'Anna Berg']);
    expect(personNames({ ...user, display_name: ERASED_NAME, erased_at: new Date() })).toEqual(['usr_1']);
  });

  it('match as counting compares names: ignoring case and surrounding spaces', () => {
    expect(['anna berg', ' ANNA BERG ', 'USR_1'].every(isName)).toBe(true);
    expect(['Anna', 'Anna Bergman', 'usr_10'].some(isName)).toBe(false);
  });

  it('are replaced in lists without duplicates, keeping order', () => {
    expect(replaceInList(['Bo', 'Anna Berg', 'usr_1', 'Cy'], isName)).toEqual(['Bo', ERASED_NAME, 'Cy']);
    expect(replaceInList(['Bo'], isName)).toEqual(['Bo']);
  });

  it('are replaced at any depth of JSON, only where a whole string matches', () => {
    expect(replaceInJson({ by: 'anna berg', counters: ['usr_1', 'Bo'], note: 'Anna Berg was here', n: 3, x: null }, isName))
      .toEqual({ by: ERASED_NAME, counters: [ERASED_NAME, 'Bo'], note: 'Anna Berg was here', n: 3, x: null });
  });

  it('are replaced inside free text in any case, longest name first, special characters taken literally', () => {
    expect(replaceInText('anna berg has no role at Plant 1; ask Anna', ['Anna', 'Anna Berg'])).toBe(`${ERASED_NAME} has no role at Plant 1; ask ${ERASED_NAME}`);
    expect(replaceInText('Jo (night) and Jo', ['Jo (night)'])).toBe(`${ERASED_NAME} and Jo`);
  });
});
