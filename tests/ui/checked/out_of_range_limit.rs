// A checked newtype can only be built through its constructor: the inner
// value is private, so `limit` cannot bypass its documented 1..=100 range.
use generated::workos::ListConnectApplicationsParamsLimit;

fn main() {
    let _limit = ListConnectApplicationsParamsLimit(0);
}
