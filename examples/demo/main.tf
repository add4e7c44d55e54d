# Reads one IVS recording configuration and prints every field of it.
# Run it with ../../examples/demo/run.sh, which starts a local IVS endpoint seeded with
# seed.json; against real AWS, drop the endpoints block and use your own ARN and credentials.

terraform {
  required_providers {
    ivs = {
      source = "ivs-rs/ivs"
    }
  }
}

variable "ivs_endpoint" {
  description = "IVS endpoint URL; null means AWS's own endpoint for the region."
  type        = string
  default     = null
}

variable "recording_configuration_arn" {
  description = "ARN of the recording configuration to read."
  type        = string
  default     = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
}

provider "ivs" {
  region = "us-west-2"
  endpoints {
    ivs = var.ivs_endpoint
  }
}

data "ivs_recording_configuration" "main" {
  arn = var.recording_configuration_arn
}

output "recording_configuration" {
  value = data.ivs_recording_configuration.main
}
