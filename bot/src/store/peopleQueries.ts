import type { PeoplePort } from '../services/peopleService.js';
import type { Queryable } from './database.js';
import { readMyPage } from './myPage.js';
import { createTenantStore } from './tenantStore.js';

/** The employee's pages over the synced tenant. */
export function createPeoplePort(db: Queryable): PeoplePort {
  const tenant = createTenantStore(db);
  return {
    userByRef: (ref) => tenant.userByRef(ref),
    myPage: (ref, requestLimit) => readMyPage(db, ref, requestLimit),
    searchDirectory: (query, limit) => tenant.searchDirectory(query, limit),
  };
}
