/** The user's role may not execute this kind (the edge answers 403). */
export class ActionForbiddenError extends Error {
  constructor(
    public readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
