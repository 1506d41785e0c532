// The Dfns application kind is a constant: no other value can be written.
use generated::dfns::ApplicationKind;

fn main() {
    let _ = ApplicationKind::ServerSideApplication;
}
