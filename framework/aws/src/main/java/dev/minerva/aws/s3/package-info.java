/**
 * Amazon S3 access: locations, client settings, the S3 warehouse storage and a resuming reader for log objects.
 */
package dev.minerva.aws.s3;
