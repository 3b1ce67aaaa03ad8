import { type TLiteral, type TProperties, Type } from 'typebox'

/** A request body: unknown fields are refused rather than silently dropped. */
export function Body<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false })
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

export const ErrorReply = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})

/** Cursor pagination: pass `nextCursor` back as `cursor` until it is null. */
export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}

/** The query of a list that takes nothing but the page. */
export const PageOnlyQuery = Type.Object(PageQuery)

export function Page<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })
}

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])

/**
 * One `Type.Literal` per value of a constant list, as a tuple, so that `Type.Union(Literals(LIST))`
 * keeps the list's values in its static type (a plain `.map` gives an array, whose union type is empty).
 */
export const Literals = <const T extends readonly string[]>(values: T) =>
  values.map((value) => Type.Literal(value)) as { -readonly [K in keyof T]: TLiteral<T[K]> }
