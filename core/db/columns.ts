/**
 * Column helpers shared by every entity. Each column has an explicit type (tsx emits no decorator
 * metadata) and the same definition works on MariaDB and on the embedded SQLite file.
 */
import { Column, CreateDateColumn, UpdateDateColumn, type ColumnOptions, type ValueTransformer } from 'typeorm';

/** Telegram ids are 64-bit; MariaDB returns BIGINT as a string. They fit a JS number (< 2^53). */
export const bigintToNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

export const TelegramId = (opts: ColumnOptions = {}) => Column({ type: 'bigint', transformer: bigintToNumber, ...opts });

export const DateTime = (opts: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...opts });
export const NullableDateTime = (opts: ColumnOptions = {}) => DateTime({ nullable: true, ...opts });

export const Json = (opts: ColumnOptions = {}) => Column({ type: 'simple-json', ...opts });
export const Text = (opts: ColumnOptions = {}) => Column({ type: 'text', ...opts });
export const Str = (length: number, opts: ColumnOptions = {}) => Column({ type: 'varchar', length, ...opts });
export const Int = (opts: ColumnOptions = {}) => Column({ type: 'int', ...opts });
export const Bool = (dflt: boolean, opts: ColumnOptions = {}) => Column({ type: 'boolean', default: dflt, ...opts });
export const Enum = <T extends string>(values: readonly T[], opts: ColumnOptions = {}) =>
  Column({ type: 'simple-enum', enum: values as unknown as string[], ...opts });

/** Set by TypeORM on insert / update (precision 6: MariaDB reports CURRENT_TIMESTAMP(6) back). */
export const CreatedAt = () => CreateDateColumn({ type: 'datetime', precision: 6 });
export const UpdatedAt = () => UpdateDateColumn({ type: 'datetime', precision: 6 });
