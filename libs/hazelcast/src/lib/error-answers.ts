import { HttpStatus } from '@nestjs/common';
import {
  ClientNotActiveError,
  ClientOfflineError,
  HazelcastInstanceNotActiveError,
  HazelcastSerializationError,
  IndeterminateOperationStateError,
  InvocationMightContainCompactDataError,
  IOError,
  NoDataMemberInClusterError,
  OperationTimeoutError,
  RetryableHazelcastError,
  SplitBrainProtectionError,
  TargetDisconnectedError,
  type HazelcastError,
} from 'hazelcast-client';

/** Errors that say the member is out of reach for now: the same call may well succeed later. */
const UNAVAILABLE_KINDS = [
  ClientOfflineError,
  ClientNotActiveError,
  IOError,
  TargetDisconnectedError,
  OperationTimeoutError,
  HazelcastInstanceNotActiveError,
  NoDataMemberInClusterError,
  IndeterminateOperationStateError,
  InvocationMightContainCompactDataError,
  SplitBrainProtectionError,
  // TargetNotMember, MemberLeft, PartitionMigrating, RetryableIO...: the client gave up retrying.
  RetryableHazelcastError,
];

export interface ErrorAnswer {
  statusCode: number;
  error: string;
  message: string;
}

export function isUnavailable(error: HazelcastError): boolean {
  return UNAVAILABLE_KINDS.some((kind) => error instanceof kind);
}

/** The body for a hazelcast-client error: its kind and what it means, never a stack trace. */
export function errorAnswer(error: HazelcastError): ErrorAnswer {
  const kind = error.constructor.name;
  if (isUnavailable(error)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `the Hazelcast member is unavailable (${kind}); retry later`,
    };
  }
  // The same call fails the same way every time: retrying cannot help, so no 503.
  const what =
    error instanceof HazelcastSerializationError
      ? 'a value cannot be read or written by this client'
      : 'the Hazelcast call failed';
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: 'Internal Server Error',
    message: `${what} (${kind}: ${error.message})`,
  };
}
