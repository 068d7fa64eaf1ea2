/**
 * Tasks (spec 2025-11-25, experimental: basic/utilities/tasks): task-augmented requests answer
 * with a `CreateTaskResult`; `tasks/get`, `tasks/result`, `tasks/cancel`, `tasks/list`, and
 * `notifications/tasks/status`. Either side may be the receiver.
 */
import { z } from "zod";
import {
  MetaSchema,
  NotificationParamsSchema,
  PaginatedRequestParamsSchema,
  PaginatedResultSchema,
  RequestParamsSchema,
  ResultSchema,
} from "./base.js";

/** The state of a task. */
export const TaskStatusSchema = z.enum(["working", "input_required", "completed", "failed", "cancelled"]);
/** The state of a task. */
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

const taskShape = {
  taskId: z.string(),
  status: TaskStatusSchema,
  statusMessage: z.string().optional(),
  createdAt: z.string(),
  lastUpdatedAt: z.string(),
  ttl: z.int().nullable(),
  pollInterval: z.int().optional(),
};

/**
 * A task: its id, status, timestamps (ISO 8601), `ttl` in ms (null: unlimited).
 *
 * @example
 * ```ts
 * const task = TaskSchema.parse(result.task);
 * if (task.status === "completed") await fetchResult(task.taskId);
 * ```
 */
export const TaskSchema = z.looseObject(taskShape);
/** A task. */
export type Task = z.infer<typeof TaskSchema>;

/** The immediate answer to a task-augmented request. */
export const CreateTaskResultSchema = ResultSchema.extend({ task: TaskSchema });
/** The immediate answer to a task-augmented request. */
export type CreateTaskResult = z.infer<typeof CreateTaskResultSchema>;

/** Params naming a task (`tasks/get`, `tasks/result`, `tasks/cancel`). */
export const TaskIdParamsSchema = RequestParamsSchema.extend({ taskId: z.string() });
/** Params naming a task. */
export type TaskIdParams = z.infer<typeof TaskIdParamsSchema>;

/** Result of `tasks/get`: the task itself. */
export const GetTaskResultSchema = ResultSchema.extend(taskShape);
/** Result of `tasks/get`. */
export type GetTaskResult = z.infer<typeof GetTaskResultSchema>;

/** Result of `tasks/result`: the underlying request's result (e.g. a `CallToolResult`), open. */
export const GetTaskPayloadResultSchema = z.looseObject({ _meta: MetaSchema.optional() });
/** Result of `tasks/result`. */
export type GetTaskPayloadResult = z.infer<typeof GetTaskPayloadResultSchema>;

/** Result of `tasks/cancel`: the task, now cancelled. */
export const CancelTaskResultSchema = ResultSchema.extend(taskShape);
/** Result of `tasks/cancel`. */
export type CancelTaskResult = z.infer<typeof CancelTaskResultSchema>;

/** Params of `tasks/list`. */
export const ListTasksRequestParamsSchema = PaginatedRequestParamsSchema;
/** Params of `tasks/list`. */
export type ListTasksRequestParams = z.infer<typeof ListTasksRequestParamsSchema>;

/** Result of `tasks/list`. */
export const ListTasksResultSchema = PaginatedResultSchema.extend({ tasks: z.array(TaskSchema) });
/** Result of `tasks/list`. */
export type ListTasksResult = z.infer<typeof ListTasksResultSchema>;

/** Params of `notifications/tasks/status`: the task's new state. */
export const TaskStatusNotificationParamsSchema = NotificationParamsSchema.extend(taskShape);
/** Params of `notifications/tasks/status`. */
export type TaskStatusNotificationParams = z.infer<typeof TaskStatusNotificationParamsSchema>;
