// An M2M application has no redirect URIs: the variant has no such field.
use generated::workos::ConnectApplicationType;

fn main() {
    let _ = ConnectApplicationType::M2m {
        organization_id: "org_1".into(),
        redirect_uris: Vec::new(),
    };
}
