// A third-party OAuth create body must name its organization.
use generated::workos::CreateOAuthParty;

fn main() {
    let _ = CreateOAuthParty::ThirdParty {};
}
