// The people of the round simulation, as the use cases receive them (as in test/roundSimulation.test.ts).
import type { Db } from '../../platform/db';
import type { CurrentUser } from '../../usecases/context';

export function actors(db: Db) {
  const cache = new Map<string, Promise<CurrentUser>>();
  const load = async (username: string): Promise<CurrentUser> => {
    const u = await db.user.findUniqueOrThrow({ where: { username }, include: { department: true } });
    return {
      id: u.id,
      username: u.username,
      role: u.role as CurrentUser['role'],
      displayName: u.displayName,
      departmentId: u.departmentId,
      organizationId: u.organizationId,
      provinceCode: u.department?.provinceCode ?? null,
    };
  };
  /** the user with this username, looked up once */
  return (username: string) => {
    if (!cache.has(username)) cache.set(username, load(username));
    return cache.get(username)!;
  };
}

export type Actors = ReturnType<typeof actors>;
