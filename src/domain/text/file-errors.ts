import { dirname } from 'node:path';

/**
 * A one-line reason for a failed file operation, from the error's code; null for codes with
 * nothing better to say than the system's own message.
 */
export function fileProblem(code: string | undefined, path: string, writing: boolean): string | null {
  switch (code) {
    case 'ENOSPC':
      return `no space left on the device holding ${dirname(path)}`;
    case 'EDQUOT':
      return `disk quota exceeded on ${dirname(path)}`;
    case 'EFBIG':
      return `${path} is larger than its file system allows`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: cannot ${writing ? 'write' : 'read'} ${path}`;
    case 'EROFS':
      return `${dirname(path)} is on a read-only file system`;
    case 'ENOENT':
      return writing ? `directory ${dirname(path)} does not exist` : `${path} does not exist`;
    case 'ENOTDIR':
      return `${writing ? dirname(path) : path} is not a directory: a part of that path is a file`;
    case 'EISDIR':
      return `${path} is a directory: give a file name`;
    case 'EIO':
      return `input/output error on ${path}`;
    default:
      return null;
  }
}
