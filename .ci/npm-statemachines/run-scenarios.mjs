// Runs weft's generated state machines on aws-local-stepfunctions, an
// independent interpreter of Amazon States Language, for the equal-semantics
// test (targets/tests/statemachine_equal.rs). Reads a JSON array of runs on
// stdin:
//   { name, definition, input, named: [state names that form the path],
//     overrides: { StateName: { returns: VALUE } | { throws: ERROR },
//                  plus failFirst: N, failWith: ERROR for mocks failing the
//                  first N attempts } }
// Every Task state is run locally (nothing leaves the machine): an override
// returns its value or throws its error (the error name the real Task would
// raise); a publisher task (lambda:invoke) records the event and returns
// its payload; any other task answers 200 with no body. Retries wait 0 ms.
// Prints a JSON array: { name, path, emitted, compensated, status, error }.
// aws-local-stepfunctions 3 uses Promise.withResolvers (Node.js 22); on
// Node.js 20 it is provided here, as the standard defines it.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import("aws-local-stepfunctions");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const runs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

function tasks(states, found) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task") found.push([name, state]);
    if (state.Type === "Parallel") for (const branch of state.Branches) tasks(branch.States, found);
    if (state.Type === "Map") tasks((state.ItemProcessor ?? state.Iterator).States, found);
  }
  return found;
}

function retriers(states, found) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Retry) found[name] = 0;
    if (state.Type === "Parallel") for (const branch of state.Branches) retriers(branch.States, found);
    if (state.Type === "Map") retriers((state.ItemProcessor ?? state.Iterator).States, found);
  }
  return found;
}

const results = [];
for (const run of runs) {
  const emitted = [];
  const compensated = [];
  const handlers = {};
  for (const [name, state] of tasks(run.definition.States, [])) {
    const override = run.overrides[name];
    let attempts = 0;
    handlers[name] = async (input) => {
      const undo = name.match(/-undo-(.+)$/);
      if (undo) compensated.push(undo[1]);
      attempts += 1;
      if (override && "failFirst" in override && attempts <= override.failFirst) {
        const error = new Error(`${name} attempt ${attempts} failed with ${override.failWith}`);
        error.name = override.failWith;
        throw error;
      }
      if (override && "throws" in override) {
        const error = new Error(`${name} failed with ${override.throws}`);
        error.name = override.throws;
        throw error;
      }
      if (override) return override.returns;
      if (state.Resource === "arn:aws:states:::lambda:invoke") {
        emitted.push({ step: name, event: input.Payload.event, version: input.Payload.version, payload: input.Payload.payload });
        return { Payload: input.Payload };
      }
      return { StatusCode: 200, StatusText: "OK", ResponseBody: null };
    };
  }
  const machine = new StateMachine(run.definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(run.input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retriers(run.definition.States, {}) },
    // The interpreter has no callback tasks: the wait is overridden like a
    // call, and its payload reads a task token from the context object.
    context: { Task: { Token: "local-task-token" } },
  });
  const path = [];
  let status = "succeeded";
  let error = null;
  let cause = null;
  try {
    await execution.result;
  } catch (failure) {
    status = "failed";
  }
  for await (const event of execution.eventLogs) {
    if (event.type === "StateEntered" && run.named.includes(event.state.name)) path.push(event.state.name);
    if (event.type === "ExecutionFailed") { error = event.Error; cause = event.Cause; }
  }
  results.push({ name: run.name, path, emitted, compensated, status, error, cause });
}
process.stdout.write(JSON.stringify(results));
