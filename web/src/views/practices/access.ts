// 总结推广: who reads the practices (the server narrows a province's officers to its pilots), and
// who reviews them (MOFCOM alone publishes or declines).
import type { User } from '../../api/types';

export const mayPractices = (user: User | null) =>
  !!user && ['national_officer', 'provincial_officer', 'auditor', 'admin'].includes(user.role);

export const mayReviewPractices = (user: User | null) =>
  user?.role === 'national_officer' && user.departmentId === 'MOFCOM';
