# Reads one recording configuration by ARN and uses its destination bucket and thumbnail interval.

terraform {
  required_providers {
    ivs = {
      source = "ivs-rs/ivs"
    }
  }
}

provider "ivs" {
  region = "us-west-2"
}

data "ivs_recording_configuration" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
}

output "recordings_bucket" {
  value = data.ivs_recording_configuration.main.destination_configuration.s3.bucket_name
}

output "thumbnail_interval" {
  value = data.ivs_recording_configuration.main.thumbnail_configuration.target_interval_seconds
}
