import type { User } from '@cgm/core';
import type { MyPage } from '../store/myPage.js';
import type { DirectoryEntry } from '../store/userDirectory.js';

/** The storage the employee's pages read; store/peopleQueries.ts implements it. */
export interface PeoplePort {
  userByRef(ref: string): Promise<User | undefined>;
  /** The user `ref` names and their whole page (settings, groups they are in, newest requests, members), in one read. */
  myPage(ref: string, requestLimit: number): Promise<{ readonly user: User; readonly page: MyPage } | undefined>;
  /** People whose name, UPN or SIP address matches `query`, with how many call groups each is in. */
  searchDirectory(query: string, limit: number): Promise<DirectoryEntry[]>;
}

/** People as the tab reads them: the signed-in user's page, the people picker, an owner by reference. */
export interface PeopleService {
  userByRef(ref: string): Promise<User | undefined>;
  myPage(ref: string): Promise<{ readonly user: User; readonly page: MyPage } | undefined>;
  searchDirectory(query: string): Promise<DirectoryEntry[]>;
}

/** How many of the user's own requests the page shows, and how many people the picker offers. */
const PAGE_REQUESTS = 20;
const PICKER_RESULTS = 25;

export function createPeopleService(port: PeoplePort): PeopleService {
  return {
    userByRef: (ref) => port.userByRef(ref),
    myPage: (ref) => port.myPage(ref, PAGE_REQUESTS),
    searchDirectory: (query) => port.searchDirectory(query, PICKER_RESULTS),
  };
}
