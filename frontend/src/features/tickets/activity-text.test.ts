import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { alice, makeActivity } from '@/test/fixtures';
import { describeActivity } from './activity-text';

const byAlice = { actor: { id: alice.id, username: alice.username, email: '' } };

function sentence(data: { score: number; previous_score: number | null }, language: 'en' | 'es'): string {
  const entry = makeActivity('rated', data, byAlice);
  const described = describeActivity(entry, i18n.getFixedT(language), language);
  expect(described.details).toEqual([]);
  return described.sentence;
}

describe('a rating in the timeline', () => {
  it('says who rated the help and the score, in English and Spanish', () => {
    expect(sentence({ score: 4, previous_score: null }, 'en')).toBe('alice rated the help 4/5');
    expect(sentence({ score: 4, previous_score: null }, 'es')).toBe('alice valoró la ayuda con 4/5');
  });

  it('gives the old and the new score when the rating is changed', () => {
    expect(sentence({ score: 2, previous_score: 4 }, 'en')).toBe('alice changed their rating from 4/5 to 2/5');
    expect(sentence({ score: 2, previous_score: 4 }, 'es')).toBe('alice cambió su valoración de 4/5 a 2/5');
  });

  it('says only the comment changed when the score stayed', () => {
    expect(sentence({ score: 5, previous_score: 5 }, 'en')).toBe('alice changed the comment of their 5/5 rating');
    expect(sentence({ score: 5, previous_score: 5 }, 'es')).toBe('alice cambió el comentario de su valoración de 5/5');
  });
});
