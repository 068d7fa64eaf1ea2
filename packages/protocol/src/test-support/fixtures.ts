// Test-only: one realistic, valid 2025-11-25 instance of the params (and result) of every method,
// with the schema.json definition each must satisfy. Used to check that our schemas accept them,
// keep them unchanged, and that what they emit validates against the official JSON Schema.

const task = {
  taskId: "t-1",
  status: "working",
  statusMessage: "halfway",
  createdAt: "2025-11-25T10:00:00Z",
  lastUpdatedAt: "2025-11-25T10:00:05Z",
  ttl: 60000,
  pollInterval: 500,
};

const tool = {
  name: "get_weather",
  title: "Weather",
  description: "Current weather",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  outputSchema: { type: "object", properties: { temp: { type: "number" } } },
  annotations: { readOnlyHint: true, openWorldHint: true },
  execution: { taskSupport: "optional" },
  icons: [{ src: "https://example.com/w.png", mimeType: "image/png", sizes: ["48x48"], theme: "dark" }],
  _meta: { "com.example/x": 1 },
};

export interface RequestFixture {
  params: unknown;
  /** The schema.json definition of the params, when it has one of its own. */
  paramsDef: string | undefined;
  result: unknown;
  resultDef: string;
  requestDef: string;
}

export const requestFixtures: Record<string, RequestFixture> = {
  initialize: {
    params: {
      protocolVersion: "2025-11-25",
      capabilities: {
        roots: { listChanged: true },
        sampling: { tools: {}, context: {} },
        elicitation: { form: {}, url: {} },
        tasks: {
          list: {},
          cancel: {},
          requests: { sampling: { createMessage: {} }, elicitation: { create: {} } },
        },
        experimental: { "x-feature": { on: true } },
      },
      clientInfo: {
        name: "c",
        title: "Client",
        version: "1.0.0",
        description: "d",
        websiteUrl: "https://c.example",
        icons: [{ src: "https://c.example/i.svg" }],
      },
    },
    paramsDef: "InitializeRequestParams",
    result: {
      protocolVersion: "2025-11-25",
      capabilities: {
        logging: {},
        completions: {},
        prompts: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        tools: { listChanged: true },
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      serverInfo: { name: "s", version: "2.0.0" },
      instructions: "Be nice",
    },
    resultDef: "InitializeResult",
    requestDef: "InitializeRequest",
  },
  ping: {
    params: undefined,
    paramsDef: "RequestParams",
    result: {},
    resultDef: "EmptyResult",
    requestDef: "PingRequest",
  },
  "resources/list": {
    params: { cursor: "c1" },
    paramsDef: "PaginatedRequestParams",
    result: {
      resources: [
        {
          uri: "file:///a.txt",
          name: "a.txt",
          title: "A",
          description: "a file",
          mimeType: "text/plain",
          size: 12,
          annotations: { audience: ["user"], priority: 0.5, lastModified: "2025-01-01T00:00:00Z" },
          icons: [{ src: "https://x.example/i.png" }],
        },
      ],
      nextCursor: "c2",
    },
    resultDef: "ListResourcesResult",
    requestDef: "ListResourcesRequest",
  },
  "resources/templates/list": {
    params: {},
    paramsDef: "PaginatedRequestParams",
    result: { resourceTemplates: [{ uriTemplate: "file:///{path}", name: "files", mimeType: "text/plain" }] },
    resultDef: "ListResourceTemplatesResult",
    requestDef: "ListResourceTemplatesRequest",
  },
  "resources/read": {
    params: { uri: "file:///a.txt", _meta: { progressToken: 3 } },
    paramsDef: "ReadResourceRequestParams",
    result: {
      contents: [
        { uri: "file:///a.txt", mimeType: "text/plain", text: "hello" },
        { uri: "file:///b.bin", mimeType: "application/octet-stream", blob: "AAEC" },
      ],
    },
    resultDef: "ReadResourceResult",
    requestDef: "ReadResourceRequest",
  },
  "resources/subscribe": {
    params: { uri: "file:///a.txt" },
    paramsDef: "SubscribeRequestParams",
    result: {},
    resultDef: "EmptyResult",
    requestDef: "SubscribeRequest",
  },
  "resources/unsubscribe": {
    params: { uri: "file:///a.txt" },
    paramsDef: "UnsubscribeRequestParams",
    result: {},
    resultDef: "EmptyResult",
    requestDef: "UnsubscribeRequest",
  },
  "prompts/list": {
    params: undefined,
    paramsDef: "PaginatedRequestParams",
    result: {
      prompts: [
        {
          name: "review",
          title: "Review",
          description: "d",
          arguments: [{ name: "code", required: true, title: "Code" }],
        },
      ],
    },
    resultDef: "ListPromptsResult",
    requestDef: "ListPromptsRequest",
  },
  "prompts/get": {
    params: { name: "review", arguments: { code: "x = 1" } },
    paramsDef: "GetPromptRequestParams",
    result: {
      description: "Review code",
      messages: [
        { role: "user", content: { type: "text", text: "Review x = 1" } },
        { role: "assistant", content: { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" } },
        { role: "user", content: { type: "audio", data: "UklGRg==", mimeType: "audio/wav" } },
        { role: "user", content: { type: "resource_link", uri: "file:///a.txt", name: "a" } },
        { role: "user", content: { type: "resource", resource: { uri: "file:///a.txt", text: "hi" } } },
      ],
    },
    resultDef: "GetPromptResult",
    requestDef: "GetPromptRequest",
  },
  "tools/list": {
    params: { cursor: "abc" },
    paramsDef: "PaginatedRequestParams",
    result: { tools: [tool, { name: "bare", inputSchema: { type: "object" } }] },
    resultDef: "ListToolsResult",
    requestDef: "ListToolsRequest",
  },
  "tools/call": {
    params: { name: "get_weather", arguments: { city: "Paris" }, _meta: { progressToken: "p1" } },
    paramsDef: "CallToolRequestParams",
    result: {
      content: [{ type: "text", text: "22°C", annotations: { audience: ["assistant"] } }],
      structuredContent: { temp: 22 },
      isError: false,
      _meta: { "io.modelcontextprotocol/related-task": { taskId: "t-1" } },
    },
    resultDef: "CallToolResult",
    requestDef: "CallToolRequest",
  },
  "logging/setLevel": {
    params: { level: "warning" },
    paramsDef: "SetLevelRequestParams",
    result: {},
    resultDef: "EmptyResult",
    requestDef: "SetLevelRequest",
  },
  "completion/complete": {
    params: {
      ref: { type: "ref/resource", uri: "file:///{path}" },
      argument: { name: "path", value: "sr" },
      context: { arguments: { root: "/" } },
    },
    paramsDef: "CompleteRequestParams",
    result: { completion: { values: ["src", "srv"], total: 2, hasMore: false } },
    resultDef: "CompleteResult",
    requestDef: "CompleteRequest",
  },
  "sampling/createMessage": {
    params: {
      messages: [
        { role: "user", content: { type: "text", text: "Weather in Paris?" } },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "u1", name: "get_weather", input: { city: "Paris" } }],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              toolUseId: "u1",
              content: [{ type: "text", text: "22" }],
              structuredContent: { temp: 22 },
            },
          ],
        },
      ],
      modelPreferences: {
        hints: [{ name: "claude" }],
        costPriority: 0.2,
        speedPriority: 0.5,
        intelligencePriority: 0.9,
      },
      systemPrompt: "Be brief",
      includeContext: "none",
      temperature: 0.3,
      maxTokens: 200,
      stopSequences: ["\n\n"],
      metadata: { any: "thing" },
      tools: [tool],
      toolChoice: { mode: "auto" },
    },
    paramsDef: "CreateMessageRequestParams",
    result: {
      role: "assistant",
      content: { type: "text", text: "22°C" },
      model: "claude",
      stopReason: "endTurn",
    },
    resultDef: "CreateMessageResult",
    requestDef: "CreateMessageRequest",
  },
  "roots/list": {
    params: undefined,
    paramsDef: "RequestParams",
    result: { roots: [{ uri: "file:///home/u/project", name: "project" }] },
    resultDef: "ListRootsResult",
    requestDef: "ListRootsRequest",
  },
  "elicitation/create": {
    params: {
      mode: "form",
      message: "Your details",
      requestedSchema: {
        type: "object",
        properties: {
          name: { type: "string", title: "Name", minLength: 1, default: "Ada" },
          email: { type: "string", format: "email" },
          age: { type: "integer", minimum: 0, maximum: 150, default: 30 },
          agree: { type: "boolean", default: false },
          color: { type: "string", enum: ["red", "green"], default: "red" },
          size: {
            type: "string",
            oneOf: [
              { const: "s", title: "Small" },
              { const: "l", title: "Large" },
            ],
          },
          tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1, default: ["a"] },
          flavours: { type: "array", items: { anyOf: [{ const: "v", title: "Vanilla" }] }, maxItems: 1 },
          legacy: { type: "string", enum: ["x", "y"], enumNames: ["Ex", "Why"] },
        },
        required: ["name"],
      },
    },
    paramsDef: "ElicitRequestFormParams",
    result: { action: "accept", content: { name: "Ada", age: 36, agree: true, tags: ["a", "b"] } },
    resultDef: "ElicitResult",
    requestDef: "ElicitRequest",
  },
  "tasks/get": {
    params: { taskId: "t-1" },
    paramsDef: undefined,
    result: task,
    resultDef: "GetTaskResult",
    requestDef: "GetTaskRequest",
  },
  "tasks/result": {
    params: { taskId: "t-1" },
    paramsDef: undefined,
    result: { content: [{ type: "text", text: "done" }], isError: false },
    resultDef: "GetTaskPayloadResult",
    requestDef: "GetTaskPayloadRequest",
  },
  "tasks/list": {
    params: { cursor: "x" },
    paramsDef: "PaginatedRequestParams",
    result: { tasks: [task, { ...task, taskId: "t-2", status: "completed", ttl: null }], nextCursor: "y" },
    resultDef: "ListTasksResult",
    requestDef: "ListTasksRequest",
  },
  "tasks/cancel": {
    params: { taskId: "t-1" },
    paramsDef: undefined,
    result: { ...task, status: "cancelled" },
    resultDef: "CancelTaskResult",
    requestDef: "CancelTaskRequest",
  },
};

export interface NotificationFixture {
  params: unknown;
  paramsDef: string | undefined;
  notificationDef: string;
}

export const notificationFixtures: Record<string, NotificationFixture> = {
  "notifications/initialized": {
    params: undefined,
    paramsDef: "NotificationParams",
    notificationDef: "InitializedNotification",
  },
  "notifications/cancelled": {
    params: { requestId: 4, reason: "user" },
    paramsDef: "CancelledNotificationParams",
    notificationDef: "CancelledNotification",
  },
  "notifications/progress": {
    params: { progressToken: "p1", progress: 50, total: 100, message: "half" },
    paramsDef: "ProgressNotificationParams",
    notificationDef: "ProgressNotification",
  },
  "notifications/message": {
    params: { level: "error", logger: "db", data: { error: "refused" } },
    paramsDef: "LoggingMessageNotificationParams",
    notificationDef: "LoggingMessageNotification",
  },
  "notifications/resources/list_changed": {
    params: {},
    paramsDef: "NotificationParams",
    notificationDef: "ResourceListChangedNotification",
  },
  "notifications/resources/updated": {
    params: { uri: "file:///a.txt" },
    paramsDef: "ResourceUpdatedNotificationParams",
    notificationDef: "ResourceUpdatedNotification",
  },
  "notifications/prompts/list_changed": {
    params: undefined,
    paramsDef: "NotificationParams",
    notificationDef: "PromptListChangedNotification",
  },
  "notifications/tools/list_changed": {
    params: { _meta: { "com.example/why": "reload" } },
    paramsDef: "NotificationParams",
    notificationDef: "ToolListChangedNotification",
  },
  "notifications/roots/list_changed": {
    params: undefined,
    paramsDef: "NotificationParams",
    notificationDef: "RootsListChangedNotification",
  },
  "notifications/elicitation/complete": {
    params: { elicitationId: "e-1" },
    paramsDef: undefined,
    notificationDef: "ElicitationCompleteNotification",
  },
  "notifications/tasks/status": {
    params: { ...task, status: "completed" },
    paramsDef: "TaskStatusNotificationParams",
    notificationDef: "TaskStatusNotification",
  },
};
