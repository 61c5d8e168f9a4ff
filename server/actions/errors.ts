import { ForbiddenError } from '../errors.js';

/** The user's role may not execute this kind (the edge answers 403). */
export class ActionForbiddenError extends ForbiddenError {}
