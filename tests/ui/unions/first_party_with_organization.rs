// A first-party ConnectApplication carries no organization.
use generated::workos::OAuthParty;

fn main() {
    let _ = OAuthParty::FirstParty {
        organization_id: "org_1".into(),
    };
}
