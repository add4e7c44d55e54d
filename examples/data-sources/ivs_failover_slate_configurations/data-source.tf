terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# The failover slate configurations whose name starts with "demo-".
data "ivs_failover_slate_configurations" "demo" {
  name_regex = "^demo-"
}

output "states" {
  value = { for c in data.ivs_failover_slate_configurations.demo.failover_slate_configurations : c.name => c.state }
}
