terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By ARN, or by `name`.
data "ivs_failover_slate_configuration" "slate" {
  arn = "arn:aws:ivs:us-west-2:123456789012:failover-slate-configuration/SlAtE12345"
}

# Seconds without a stream before viewers see the slate.
output "activation_threshold_seconds" {
  value = data.ivs_failover_slate_configuration.slate.activation_threshold_seconds
}
