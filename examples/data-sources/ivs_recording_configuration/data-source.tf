data "ivs_recording_configuration" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
}

output "recordings_bucket" {
  value = data.ivs_recording_configuration.main.destination_configuration.s3.bucket_name
}

output "thumbnail_interval" {
  value = data.ivs_recording_configuration.main.thumbnail_configuration.target_interval_seconds
}
