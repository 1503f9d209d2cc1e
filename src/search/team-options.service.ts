import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Team } from '../teams/team.entity';

/** The teams an advanced search or a bulk action may name (a small admin-managed table, read whole). */
@Injectable()
export class TeamOptionsService {
  constructor(@InjectRepository(Team) private readonly teams: Repository<Team>) {}

  list(): Promise<Team[]> {
    return this.teams.find({ order: { name: 'ASC' } });
  }
}
