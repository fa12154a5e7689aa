/** The outbox job kinds that mirror tags to WeChat (handlers: lib/tags/mirror-jobs.ts). */
export const TAG_CREATE_JOB = 'wechat.tags.create';
export const TAG_UPDATE_JOB = 'wechat.tags.update';
export const TAG_DELETE_JOB = 'wechat.tags.delete';
export const TAG_MEMBERS_JOB = 'wechat.tags.members';

/** One create job per tag: the members jobs look it up to know whether waiting still makes sense. */
export const tagCreateKey = (tagId: number): string => `tags.create:${tagId}`;

export interface TagMembersPayload {
  tagId: number;
  /** At most 50; re-read when the job runs, so the call sends what the database says now. */
  followerIds: number[];
  untag: boolean;
}
