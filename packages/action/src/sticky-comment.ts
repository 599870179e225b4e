import { COMMENT_MARKER } from './constants.js';

/** The slice of Octokit's REST client the comment needs (a seam for run(deps)). */
export interface IssueCommentsClient {
  paginate: {
    iterator(
      route: unknown,
      parameters: { owner: string; repo: string; issue_number: number; per_page: number },
    ): AsyncIterable<{ data: Array<{ id: number; body?: string | null }> }>;
  };
  rest: {
    issues: {
      listComments: unknown;
      createComment(parameters: {
        owner: string;
        repo: string;
        issue_number: number;
        body: string;
      }): Promise<{ data: { id: number } }>;
      updateComment(parameters: {
        owner: string;
        repo: string;
        comment_id: number;
        body: string;
      }): Promise<{ data: { id: number } }>;
    };
  };
}

export type CommentOutcome =
  | { status: 'created'; id: number }
  | { status: 'updated'; id: number }
  | { status: 'skipped' }
  | { status: 'forbidden'; message: string }
  | { status: 'failed'; message: string };

function httpStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/**
 * Find the comment carrying the hidden marker on every page of the pull request's comments
 * (a busy PR has more than one page) and update it in place; create it when there is none
 * (unless `create` is false: `comment: on-regression` without a regression only refreshes an
 * existing comment, so a fixed regression does not stay on the PR).
 */
export async function upsertStickyComment(
  client: IssueCommentsClient,
  target: { owner: string; repo: string; issueNumber: number },
  body: string,
  options: { create: boolean } = { create: true },
): Promise<CommentOutcome> {
  const { owner, repo, issueNumber } = target;
  try {
    let existing: number | undefined;
    const pages = client.paginate.iterator(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      const found = page.data.find((comment) => comment.body?.includes(COMMENT_MARKER));
      if (found) {
        existing = found.id;
        break;
      }
    }
    if (existing !== undefined) {
      await client.rest.issues.updateComment({ owner, repo, comment_id: existing, body });
      return { status: 'updated', id: existing };
    }
    if (!options.create) return { status: 'skipped' };
    const created = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { status: 'created', id: created.data.id };
  } catch (error) {
    const status = httpStatus(error);
    const message = `${status ?? 'network'}: ${(error as Error).message}`;
    // A fork's token is read-only: 403 (or 404 for a token that cannot see the PR).
    if (status === 403 || status === 404) return { status: 'forbidden', message };
    return { status: 'failed', message };
  }
}
