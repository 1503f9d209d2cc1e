import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Staff } from '../staff/staff.entity';
import { ReportRange } from './report-range';
import { SatisfactionRating } from './satisfaction.entities';

export interface ReportRow {
  name: string;
  good: number;
  bad: number;
  total: number;
  /** Whole percent of good ratings. */
  goodPercent: number;
}

export interface SatisfactionReport {
  totals: ReportRow;
  byAgent: ReportRow[];
  byDepartment: ReportRow[];
  byTopic: ReportRow[];
}

type Dimension = 'staffId' | 'departmentId' | 'helpTopicId';

/**
 * Good/bad counts and percentages over a period, by agent, department and help topic. Each is one
 * GROUP BY over the ratings' report index (created_at first, the dimensions and the rating in it), so
 * it reads only that period's index entries: never tickets, never the whole table.
 */
@Injectable()
export class SatisfactionReportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(range: ReportRange, departments: number[] | 'all'): Promise<SatisfactionReport> {
    const [agents, depts, topics] = await Promise.all([
      this.grouped('staffId', range, departments), this.grouped('departmentId', range, departments), this.grouped('helpTopicId', range, departments),
    ]);
    const [agentNames, deptNames, topicNames] = await Promise.all([
      this.names(Staff, agents.map((r) => r.key), (s: Staff) => `${s.firstName} ${s.lastName}`.trim()),
      this.names(Department, depts.map((r) => r.key), (d: Department) => d.name),
      this.names(HelpTopic, topics.map((r) => r.key), (t: HelpTopic) => t.fullName),
    ]);
    const good = depts.reduce((n, r) => n + r.good, 0);
    const total = depts.reduce((n, r) => n + r.total, 0);
    return {
      totals: row('All ratings', good, total),
      byAgent: agents.map((r) => row(r.key === null ? 'Unassigned' : (agentNames.get(r.key) ?? `Agent #${r.key}`), r.good, r.total)),
      byDepartment: depts.map((r) => row(r.key === null ? 'None' : (deptNames.get(r.key) ?? `Department #${r.key}`), r.good, r.total)),
      byTopic: topics.map((r) => row(r.key === null ? 'No help topic' : (topicNames.get(r.key) ?? `Help topic #${r.key}`), r.good, r.total)),
    };
  }

  private async grouped(dimension: Dimension, range: ReportRange, departments: number[] | 'all'): Promise<{ key: number | null; good: number; total: number }[]> {
    const query = this.db.getRepository(SatisfactionRating).createQueryBuilder('r')
      .select(`r.${dimension}`, 'groupKey')
      .addSelect("SUM(CASE WHEN r.rating = 'good' THEN 1 ELSE 0 END)", 'good')
      .addSelect('COUNT(*)', 'total')
      .where('r.createdAt >= :start AND r.createdAt < :end', { start: range.start, end: range.end })
      .groupBy(`r.${dimension}`);
    if (departments !== 'all') query.andWhere('r.departmentId IN (:...departments)', { departments });
    const rows: { groupKey: number | string | null; good: number | string; total: number | string }[] = await query.getRawMany();
    return rows
      .map((r) => ({ key: r.groupKey === null ? null : Number(r.groupKey), good: Number(r.good), total: Number(r.total) }))
      .sort((a, b) => b.total - a.total || (a.key ?? 0) - (b.key ?? 0));
  }

  private async names<T extends { id: number }>(entity: new () => T, keys: (number | null)[], label: (row: T) => string): Promise<Map<number, string>> {
    const ids = keys.filter((k): k is number => k !== null);
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(entity).findBy({ id: In(ids) } as never);
    return new Map(rows.map((r) => [r.id, label(r)]));
  }
}

function row(name: string, good: number, total: number): ReportRow {
  return { name, good, bad: total - good, total, goodPercent: total === 0 ? 0 : Math.round((good / total) * 100) };
}
