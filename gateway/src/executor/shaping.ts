// Response shaping: from the merged subgraph data to the response the
// operation asked for, exactly as Apollo Gateway's `computeResponse`
// (@apollo/gateway 2.14 `resultShaping.js`) does it: same field order,
// `__typename` handling, null propagation, skip/include, and the same
// errors with the same messages and paths. Apollo walks the operation's
// selection objects on every request (directive lookups, type predicates
// through export getters, a result object per value); here the operation is
// compiled once into plain arrays and the walk allocates only the output.
import {
  ERRORS,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  typenameFieldName,
  Variable,
  type CompositeType,
  type EnumType,
  type NamedType,
  type Operation,
  type ScalarType,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError, SelectionNode } from 'graphql';

/** A `@skip`/`@include` argument: a literal, or the name of a variable. */
type Condition = boolean | { variable: string; directive: string } | undefined;

interface Conditions {
  skip: Condition;
  include: Condition;
}

const enum Shape {
  NonNull,
  List,
  Composite,
  Leaf,
}

type TypeShape =
  | { kind: Shape.NonNull; of: TypeShape; /** `type.ofType`, as error messages print it */ ofName: string }
  | { kind: Shape.List; of: TypeShape; name: string }
  | { kind: Shape.Composite; type: CompositeType; name: string }
  | { kind: Shape.Leaf; type: ScalarType | EnumType; name: string };

const enum Step {
  Field,
  Typename,
  Introspection,
  Fragment,
}

type CompiledStep =
  | { kind: Step.Field; conditions: Conditions | undefined; responseName: string; shape: TypeShape; selections: CompiledStep[] | undefined }
  | { kind: Step.Typename; conditions: Conditions | undefined; responseName: string }
  | { kind: Step.Introspection; conditions: Conditions | undefined; responseName: string; selection: SelectionNode }
  | { kind: Step.Fragment; conditions: Conditions | undefined; typeCondition: CompositeType | undefined; selections: CompiledStep[] };

/** An operation compiled for shaping, reused by every request of that operation. */
export interface CompiledShaping {
  readonly schema: Schema;
  readonly root: CompositeType;
  readonly steps: CompiledStep[];
  /** The operation's variable defaults, under the request's variables (as Apollo's `collectDefaultedVariableValues`). */
  readonly defaultedVariables: Record<string, unknown>;
  /** Whether a type (by name) satisfies a type condition (by name); memoised, per schema. */
  readonly applies: (condition: CompositeType, typename: string) => boolean;
}

export function compileShaping(operation: Operation): CompiledShaping {
  const schema = operation.schema();
  const skip = schema.skipDirective();
  const include = schema.includeDirective();
  const root = schema.schemaDefinition.rootType(operation.rootKind);
  if (!root) throw new Error(`no ${operation.rootKind} root type`);

  const conditionOf = (selection: Selection, name: 'skip' | 'include'): Condition => {
    const directive = selection.element.appliedDirectivesOf(name === 'skip' ? skip : include)[0];
    if (!directive) return undefined;
    const value = (directive.arguments() as { if?: unknown }).if;
    return value instanceof Variable ? { variable: value.name, directive: directive.toString() } : Boolean(value);
  };

  const compileType = (type: Type): TypeShape => {
    if (isNonNullType(type)) return { kind: Shape.NonNull, of: compileType(type.ofType), ofName: type.ofType.toString() };
    if (isListType(type)) return { kind: Shape.List, of: compileType(type.ofType), name: type.toString() };
    if (isCompositeType(type)) return { kind: Shape.Composite, type, name: type.name };
    return { kind: Shape.Leaf, type: type as ScalarType | EnumType, name: (type as NamedType).name };
  };

  const compile = (selectionSet: SelectionSet): CompiledStep[] =>
    selectionSet.selections().map((selection): CompiledStep => {
      const s = conditionOf(selection, 'skip');
      const i = conditionOf(selection, 'include');
      const conditions = s === undefined && i === undefined ? undefined : { skip: s, include: i };
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        const responseName = field.responseName();
        if (field.definition.isSchemaIntrospectionField()) {
          return { kind: Step.Introspection, conditions, responseName, selection: selection.expandFragments().toSelectionNode() };
        }
        if (field.name === typenameFieldName) return { kind: Step.Typename, conditions, responseName };
        return {
          kind: Step.Field,
          conditions,
          responseName,
          shape: compileType(field.definition.type!),
          selections: selection.selectionSet ? compile(selection.selectionSet) : undefined,
        };
      }
      return { kind: Step.Fragment, conditions, typeCondition: selection.element.typeCondition, selections: compile(selection.selectionSet) };
    });

  const memo = new Map<CompositeType, Map<string, boolean>>();
  const applies = (condition: CompositeType, typename: string): boolean => {
    let byType = memo.get(condition);
    if (!byType) memo.set(condition, (byType = new Map()));
    let result = byType.get(typename);
    if (result === undefined) {
      const type = schema.type(typename);
      byType.set(typename, (result = !!type && isSubtype(condition, type)));
    }
    return result;
  };

  return { schema, root, steps: compile(operation.selectionSet), defaultedVariables: operation.collectDefaultedVariableValues(), applies };
}

export interface ShapingResult {
  data: Record<string, unknown> | null;
  /** Value completion errors (`INVALID_GRAPHQL`), in Apollo's order. */
  errors: GraphQLError[];
}

const INVALID = 1;
const HAS_ERRORS = 2;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Shapes `input` (the merged data of every fetch) into the response data.
 * `introspection` answers `__schema`/`__type` selections. Throws where
 * Apollo's `computeResponse` throws (a subgraph's value of the wrong kind).
 */
export function shapeResponse(
  compiled: CompiledShaping,
  input: Record<string, unknown>,
  variables: Record<string, unknown> | undefined,
  introspection: (selection: SelectionNode) => unknown,
): ShapingResult {
  const shaper = new Shaper(
    compiled,
    variables ? { __proto__: null, ...compiled.defaultedVariables, ...variables } : compiled.defaultedVariables,
    introspection,
  );
  const data = Object.create(null) as Record<string, unknown>;
  const bubbled = shaper.applySelectionSet(compiled.steps, input, data, compiled.root);
  return { data: bubbled ? null : data, errors: shaper.errors };
}

class Shaper {
  readonly errors: GraphQLError[] = [];
  private readonly path: (string | number)[] = [];
  /** `INVALID`/`HAS_ERRORS` of the last `updateOutputValue` (Apollo returns them in an object per value). */
  private flags = 0;

  constructor(
    private readonly compiled: CompiledShaping,
    private readonly variables: Record<string, unknown>,
    private readonly introspection: (selection: SelectionNode) => unknown,
  ) {}

  /** Returns true when a null must bubble up (Apollo's `NULL_BUBBLE_UP`). */
  applySelectionSet(steps: CompiledStep[], input: Record<string, unknown>, output: Record<string, unknown>, parentType: CompositeType): boolean {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      if (step.conditions && this.skipped(step.conditions)) continue;
      switch (step.kind) {
        case Step.Field: {
          const { responseName } = step;
          const outputValue = output[responseName];
          const own = hasOwn.call(input, responseName) ? input[responseName] : undefined;
          this.path.push(responseName);
          const updated = this.updateOutputValue(outputValue, step.shape, own ?? null, step.selections, parentType);
          output[responseName] = updated;
          this.path.pop();
          if (this.flags & INVALID) return true;
          break;
        }
        case Step.Typename: {
          const { responseName } = step;
          if (output[responseName] !== undefined) break;
          let inputValue = (hasOwn.call(input, responseName) ? input[responseName] : undefined) ?? null;
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type = inputValue !== null && typeof inputValue === 'string' ? (this.compiled.schema.type(inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return true;
          output[step.responseName] = type.name;
          break;
        }
        case Step.Introspection:
          if (output[step.responseName] === undefined) output[step.responseName] = this.introspection(step.selection);
          break;
        case Step.Fragment: {
          const typename = input[typenameFieldName] as string | undefined;
          if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
          const condition = step.typeCondition;
          if (!condition || this.compiled.applies(condition, typename ? typename : parentType.name)) {
            if (this.applySelectionSet(step.selections, input, output, condition ?? parentType)) return true;
          }
          break;
        }
      }
    }
    return false;
  }

  private updateOutputValue(
    outputValue: unknown,
    shape: TypeShape,
    inputValue: unknown,
    selections: CompiledStep[] | undefined,
    parentType: CompositeType,
  ): unknown {
    if (outputValue === null || (outputValue !== undefined && !selections)) {
      this.flags = 0;
      return outputValue;
    }
    switch (shape.kind) {
      case Shape.NonNull: {
        const updated = this.updateOutputValue(outputValue, shape.of, inputValue, selections, parentType);
        if (updated === null) {
          if (!(this.flags & HAS_ERRORS)) {
            this.errors.push(
              ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${this.describeLast(shape.ofName, parentType)}.`, {
                path: Array.from(this.path),
              }),
            );
          }
          this.flags = INVALID | HAS_ERRORS;
          return null;
        }
        this.flags = 0;
        return updated;
      }
      case Shape.List: {
        if (inputValue === null) {
          this.flags = 0;
          return null;
        }
        if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${shape.name}`);
        if (outputValue !== undefined && !Array.isArray(outputValue))
          throw new Error(`Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${shape.name}`);
        const existing = outputValue as unknown[] | undefined;
        const length = existing ? existing.length : inputValue.length;
        if (inputValue.length !== length) throw new Error(`[${String(inputValue)}].length (${inputValue.length}) !== [${String(existing)}].length (${length})`);
        let nullify = false;
        let hasErrors = false;
        const updated = new Array<unknown>(length);
        for (let i = 0; i < length; i++) {
          this.path.push(i);
          updated[i] = this.updateOutputValue(existing ? existing[i] : undefined, shape.of, inputValue[i], selections, parentType);
          this.path.pop();
          if (this.flags & INVALID) nullify = true;
          if (this.flags & HAS_ERRORS) hasErrors = true;
        }
        this.flags = hasErrors ? HAS_ERRORS : 0;
        return nullify ? null : updated;
      }
      case Shape.Composite: {
        if (inputValue === null) {
          this.flags = 0;
          return null;
        }
        if (!selections) throw new Error(`Invalid empty selection set for composite type ${shape.name}`);
        if (typeof inputValue !== 'object')
          throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${shape.name}`);
        if (outputValue !== undefined && typeof outputValue !== 'object') {
          throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${shape.name}`);
        }
        const object = inputValue as Record<string, unknown>;
        const typenameValue = object[typenameFieldName];
        if (typenameValue !== undefined && typeof typenameValue !== 'string') {
          throw new Error(`Invalid non-string value ${String(typenameValue)} for __typename at ${String(this.path)}`);
        }
        const inputTypename = typenameValue as string | undefined;
        let objectType = shape.type;
        if (inputTypename) {
          const type = this.compiled.schema.type(inputTypename);
          if (!type || !isCompositeType(type)) {
            this.errors.push(
              ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${this.describeLast(shape.name, parentType)}.`, {
                path: Array.from(this.path),
              }),
            );
            this.flags = HAS_ERRORS;
            return null;
          }
          objectType = type;
        }
        const target = (outputValue === undefined ? Object.create(null) : outputValue) as Record<string, unknown>;
        const bubbled = this.applySelectionSet(selections, object, target, objectType);
        this.flags = bubbled ? HAS_ERRORS : 0;
        return bubbled ? null : target;
      }
      case Shape.Leaf: {
        if (inputValue === null) {
          this.flags = 0;
          return null;
        }
        if (outputValue !== undefined) throw new Error(`Excepted output to be undefined but got ${shape.name} for type ${shape.name}`);
        if (isValidLeafValue(this.compiled.schema, inputValue, shape.type)) {
          this.flags = 0;
          return inputValue;
        }
        this.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${this.describeLast(shape.name, parentType)}.`, { path: Array.from(this.path) }));
        this.flags = HAS_ERRORS;
        return null;
      }
    }
  }

  private describeLast(typeName: string, parentType: CompositeType): string {
    const element = this.path[this.path.length - 1];
    return typeof element === 'string' ? `field ${parentType.name}.${element}` : `array element of type ${typeName} at index ${String(element)}`;
  }

  private skipped(conditions: Conditions): boolean {
    return (conditions.skip !== undefined && this.value(conditions.skip)) || (conditions.include !== undefined && !this.value(conditions.include));
  }

  private value(condition: Exclude<Condition, undefined>): boolean {
    if (typeof condition === 'boolean') return condition;
    const value = this.variables[condition.variable];
    if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${condition.variable} of ${condition.directive}`);
    return value;
  }
}
