// Applicant mix of the round simulation: per province, two cities (every third province's second
// city is a free-trade zone) and two enterprises.
export function applicantKindOf(provinceIndex: number, i: number): 'city' | 'ftz' | 'enterprise' {
  if (i === 0) return 'city';
  if (i === 1) return provinceIndex % 3 === 0 ? 'ftz' : 'city';
  return 'enterprise';
}
