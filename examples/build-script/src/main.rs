//! Reads a pet from the JSON given as the first argument (or a built-in
//! one) with the types the build script generated, and prints it.

use build_script_example::pets::Pet;

fn main() {
    let json = std::env::args()
        .nth(1)
        .unwrap_or_else(|| r#"{"name": "Rex", "species": "dog", "age": 3}"#.to_owned());
    match build_script_example::from_json::<Pet>(&json) {
        Ok(pet) => println!("{} is a {:?} aged {}", pet.name, pet.species, pet.age),
        Err(err) => {
            eprintln!("not a pet: {err}");
            std::process::exit(1);
        }
    }
}
