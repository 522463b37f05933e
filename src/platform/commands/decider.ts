/** A domain event as a decider sees it: type and data, no envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** What a decider may know besides the command and the state: the time, injected. */
export interface DecisionContext {
  now: Date;
}

/**
 * A decider (Chassaing's pattern, as in Emmett): pure and synchronous. `decide` returns
 * the events a command causes or throws a RuleViolation; `evolve` folds one event into
 * the state. `evolve` may update the state in place only if it returns it: states are
 * advanced solely by events that were recorded.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  initialState: () => State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: DecisionContext): Event[];
}
