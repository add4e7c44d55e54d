terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By ARN: read in the ARN's own region, whatever the provider's `region`.
data "ivs_recording_configuration" "by_arn" {
  arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
}

# By name: the name must be unique in the region (the provider's, or `region = "..."`).
data "ivs_recording_configuration" "by_name" {
  name = "archive-recordings"
}

output "recordings_bucket" {
  value = data.ivs_recording_configuration.by_arn.destination_configuration.s3.bucket_name
}

output "thumbnail_interval" {
  value = data.ivs_recording_configuration.by_arn.thumbnail_configuration.target_interval_seconds
}

output "archive_arn" {
  value = data.ivs_recording_configuration.by_name.arn
}
