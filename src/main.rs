fn main() {
    println!("ppkg-wizard: under construction");
}
