import { describe, expect, it } from 'vitest';
import { safeName } from './upload';

describe('safeName', () => {
  it('keeps a plain image name and reduces anything else to a safe form', () => {
    expect(safeName('photo.jpg')).toBe('photo.jpg');
    expect(safeName('../../etc/passwd.png')).toBe('passwd.png');
    expect(safeName('C:\\Users\\me\\My Photo (1).JPG')).toBe('My-Photo-1-.JPG');
    expect(safeName('.hidden.webp')).toBe('hidden.webp');
    expect(safeName('ümlaut.png')).toBe('u-mlaut.png');
  });
  it('refuses names without an image extension', () => {
    expect(() => safeName('shell.sh')).toThrow(/only/);
    expect(() => safeName('image.jpg.exe')).toThrow(/only/);
    expect(() => safeName('noext')).toThrow(/only/);
  });
});
