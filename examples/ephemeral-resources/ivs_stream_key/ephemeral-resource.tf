terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

data "ivs_channel" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

# Read each time Terraform opens it (plan and apply), never stored in the plan or the state.
# By the channel's ARN, or by the key's own `arn`.
ephemeral "ivs_stream_key" "main" {
  channel_arn = data.ivs_channel.main.arn
}

# Ephemeral values may go to provisioners, provider blocks, write-only arguments and
# ephemeral outputs; here an encoder set-up step gets the key in its environment.
resource "terraform_data" "encoder" {
  triggers_replace = [data.ivs_channel.main.arn]

  provisioner "local-exec" {
    command = "test -n \"$STREAM_KEY\" && echo \"encoder configured for $INGEST\""
    environment = {
      STREAM_KEY = ephemeral.ivs_stream_key.main.value
      INGEST     = data.ivs_channel.main.ingest_endpoint
    }
  }
}

output "ingest_endpoint" {
  value = data.ivs_channel.main.ingest_endpoint
}
